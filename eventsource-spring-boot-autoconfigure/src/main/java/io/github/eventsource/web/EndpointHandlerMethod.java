package io.github.eventsource.web;

import java.lang.reflect.Method;

import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolverComposite;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * A lifecycle method of an endpoint, invoked like a Spring MVC controller method: its
 * arguments come from Spring MVC's own argument resolvers, and the
 * {@link EventSourceSession} is a provided argument.
 * <p>
 * Resolving and invoking are separate steps so that {@code @OnClose} arguments can be
 * resolved while the request is still alive and used once the stream ends.
 *
 * @since 0.1.0
 */
public final class EndpointHandlerMethod extends InvocableHandlerMethod {

	private final HandlerMethodArgumentResolverComposite resolvers;

	EndpointHandlerMethod(Object bean, Method method, HandlerMethodArgumentResolverComposite resolvers,
			WebDataBinderFactory binderFactory) {
		super(bean, method);
		this.resolvers = resolvers;
		setHandlerMethodArgumentResolvers(resolvers);
		setDataBinderFactory(binderFactory);
		setParameterNameDiscoverer(new DefaultParameterNameDiscoverer());
	}

	/**
	 * Fail if a parameter is neither the session nor supported by a resolver.
	 * @throws IllegalStateException naming the method and the parameter
	 */
	void assertArgumentsSupported() {
		for (MethodParameter parameter : getMethodParameters()) {
			if (!EventSourceSession.class.isAssignableFrom(parameter.getParameterType())
					&& !this.resolvers.supportsParameter(parameter)) {
				throw new IllegalStateException("Unsupported argument " + parameter.getParameterIndex() + " of type ["
						+ parameter.getParameterType().getName() + "] in " + getMethod().toGenericString()
						+ ": no Spring MVC argument resolver supports it");
			}
		}
	}

	/**
	 * Fail if a parameter is the request or response itself, for {@code @OnClose}
	 * methods: their arguments are resolved when the stream opens, and by the time it
	 * closes the container has recycled the request.
	 * @throws IllegalStateException naming the method and the parameter
	 */
	void assertNoRequestArguments() {
		for (MethodParameter parameter : getMethodParameters()) {
			Class<?> type = parameter.getParameterType();
			if (ServletRequest.class.isAssignableFrom(type) || ServletResponse.class.isAssignableFrom(type)
					|| WebRequest.class.isAssignableFrom(type)) {
				throw new IllegalStateException("Argument " + parameter.getParameterIndex() + " of type ["
						+ type.getName() + "] in " + getMethod().toGenericString()
						+ " is not supported: the request is recycled by the time the stream closes; take the values"
						+ " you need (@PathVariable, @RequestHeader, a session attribute) instead");
			}
		}
	}

	/**
	 * Resolve the arguments from the current request.
	 * @param request the request
	 * @param session the session, provided to parameters of its type
	 * @return the arguments
	 * @throws Exception if an argument cannot be resolved
	 */
	Object[] resolveArguments(NativeWebRequest request, EventSourceSession session) throws Exception {
		return getMethodArgumentValues(request, new ModelAndViewContainer(), session);
	}

	/**
	 * Invoke the method with resolved arguments.
	 * @param arguments the arguments
	 * @return the return value
	 * @throws Exception what the method threw
	 */
	@Nullable Object invoke(Object[] arguments) throws Exception {
		return doInvoke(arguments);
	}

	/**
	 * Resolve the arguments and invoke the method.
	 * @param request the request
	 * @param session the session
	 * @return the return value
	 * @throws Exception what resolving or the method threw
	 */
	@Nullable Object invoke(NativeWebRequest request, EventSourceSession session) throws Exception {
		return invoke(resolveArguments(request, session));
	}

}
