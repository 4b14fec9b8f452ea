package io.github.eventsource.web.internal;

import io.github.eventsource.annotation.EventSourceEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Adds the Server-Sent Events endpoints' CORS configuration to Spring MVC's global CORS
 * mappings, one mapping per endpoint path, so that MVC (and Spring Security's
 * {@code cors()}, which asks MVC) applies it as it applies the application's own.
 * <p>
 * Ordered first: for a request to an endpoint path, the endpoints' configuration applies
 * rather than an application mapping with a broader pattern, such as {@code /**}, as MVC
 * takes the first mapping whose pattern matches. Requests to other paths keep the
 * application's mappings alone.
 */
public final class EndpointCorsMappings implements WebMvcConfigurer, Ordered {

	private final ListableBeanFactory beanFactory;

	private final @Nullable CorsConfiguration endpoints;

	/**
	 * Create the mappings.
	 * @param beanFactory holds the {@code @EventSourceEndpoint} beans, whose paths are
	 * read from their annotation without creating them
	 * @param endpoints the CORS configuration of the endpoints, or {@code null} to add
	 * none
	 */
	public EndpointCorsMappings(ListableBeanFactory beanFactory, @Nullable CorsConfiguration endpoints) {
		this.beanFactory = beanFactory;
		this.endpoints = endpoints;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		CorsConfiguration endpoints = this.endpoints;
		if (endpoints == null) {
			return;
		}
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(EventSourceEndpoint.class)) {
			EventSourceEndpoint annotation = this.beanFactory.findAnnotationOnBean(beanName, EventSourceEndpoint.class);
			if (annotation != null) {
				for (String path : annotation.path()) {
					registry.addMapping(path).combine(endpoints);
				}
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
