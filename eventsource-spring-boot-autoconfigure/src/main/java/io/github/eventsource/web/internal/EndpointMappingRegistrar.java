package io.github.eventsource.web.internal;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolverComposite;
import org.springframework.web.method.annotation.ModelAttributeMethodProcessor;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

/**
 * Maps every {@code @EventSourceEndpoint} into Spring MVC's request mapping once all
 * singletons exist, so that MVC's own matching, CORS, interceptors and filters apply.
 * Each path is mapped for {@code GET} only; MVC answers other methods with 405 and an
 * {@code Allow} header.
 */
public final class EndpointMappingRegistrar implements SmartInitializingSingleton, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(EndpointMappingRegistrar.class);

	private static final Method HANDLE = ReflectionUtils.findMethod(EndpointRequestHandler.class, "handle",
			HttpServletRequest.class, HttpServletResponse.class);

	private final RequestMappingHandlerMapping mapping;

	private final RequestMappingHandlerAdapter adapter;

	private final EndpointStreams streams;

	private final StreamAdmission admission;

	private final StreamSettings settings;

	private @Nullable ApplicationContext context;

	private volatile List<Endpoint> endpoints = List.of();

	/**
	 * Create a registrar.
	 * @param mapping Spring MVC's request mapping
	 * @param adapter Spring MVC's handler adapter, whose argument resolvers are used
	 * @param streams makes and opens the streams of endpoints
	 * @param admission whether a request may open a stream
	 * @param settings the stream settings
	 */
	public EndpointMappingRegistrar(RequestMappingHandlerMapping mapping, RequestMappingHandlerAdapter adapter,
			EndpointStreams streams, StreamAdmission admission, StreamSettings settings) {
		this.mapping = mapping;
		this.adapter = adapter;
		this.streams = streams;
		this.admission = admission;
		this.settings = settings;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		EndpointDetector detector = new EndpointDetector(argumentResolvers(),
				new ServletRequestDataBinderFactory(null, this.adapter.getWebBindingInitializer()));
		Assert.state(this.context != null, "No ApplicationContext");
		List<Endpoint> detected = detector.detect(this.context);
		for (Endpoint endpoint : detected) {
			RequestMappingInfo info = RequestMappingInfo.paths(endpoint.paths().toArray(String[]::new))
				.methods(RequestMethod.GET)
				.options(this.mapping.getBuilderConfiguration())
				.build();
			this.streams.mapped(endpoint);
			this.mapping.registerMapping(info,
					new EndpointRequestHandler(endpoint, this.settings, this.streams, this.admission), HANDLE);
			logger.info(LogMessage.format("Mapped Server-Sent Events endpoint '%s' to GET %s", endpoint.beanName(),
					endpoint.paths()));
		}
		this.endpoints = List.copyOf(detected);
	}

	/**
	 * Return the endpoints that were mapped.
	 * @return the mapped endpoints, empty until all singletons are instantiated
	 */
	public List<Endpoint> getEndpoints() {
		return this.endpoints;
	}

	/**
	 * Spring MVC's argument resolvers without the model-attribute ones, which would bind
	 * any unknown type from request parameters: such a parameter fails at startup instead.
	 */
	private HandlerMethodArgumentResolverComposite argumentResolvers() {
		List<HandlerMethodArgumentResolver> resolvers = this.adapter.getArgumentResolvers();
		HandlerMethodArgumentResolverComposite composite = new HandlerMethodArgumentResolverComposite();
		if (resolvers != null) {
			resolvers.stream()
				.filter((resolver) -> !(resolver instanceof ModelAttributeMethodProcessor))
				.forEach(composite::addResolver);
		}
		return composite;
	}

}
