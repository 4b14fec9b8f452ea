package io.github.eventsource.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The CORS configuration source of Spring MVC's request mapping with the Server-Sent
 * Events endpoints' own configuration added: requests matched to an endpoint get the
 * application's global configuration for their path, if any, combined with the
 * endpoints' configuration; every other request gets the application's configuration
 * alone.
 *
 * @since 0.1.0
 */
public final class EndpointCorsConfigurationSource implements CorsConfigurationSource {

	private final CorsConfiguration endpoints;

	private final @Nullable CorsConfigurationSource application;

	private EndpointCorsConfigurationSource(CorsConfiguration endpoints,
			@Nullable CorsConfigurationSource application) {
		this.endpoints = endpoints;
		this.application = application;
	}

	/**
	 * Add the endpoints' CORS configuration to a handler mapping, keeping its own.
	 * @param mapping the mapping where the endpoints are registered
	 * @param endpoints the CORS configuration of the endpoints
	 */
	public static void apply(AbstractHandlerMapping mapping, CorsConfiguration endpoints) {
		mapping.setCorsConfigurationSource(
				new EndpointCorsConfigurationSource(endpoints, mapping.getCorsConfigurationSource()));
	}

	@Override
	public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		CorsConfiguration application = (this.application != null)
				? this.application.getCorsConfiguration(request) : null;
		if (!EndpointRequestHandler.isEndpoint(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE))) {
			return application;
		}
		return (application != null) ? application.combine(this.endpoints) : this.endpoints;
	}

}
