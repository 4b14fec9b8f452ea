package io.github.eventsource.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The endpoints' CORS configuration from the {@code eventsource.cors.*} properties.
 */
final class EndpointCors {

	private EndpointCors() {
	}

	/**
	 * Return the CORS configuration of the endpoints: {@code GET} with any request header
	 * from the allowed origins.
	 * @param cors the properties
	 * @return the configuration, or {@code null} when no origin is allowed
	 */
	static @Nullable CorsConfiguration configuration(EventSourceProperties.Cors cors) {
		if (cors.getAllowedOrigins().isEmpty() && cors.getAllowedOriginPatterns().isEmpty()) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.getAllowedOrigins());
		configuration.setAllowedOriginPatterns(cors.getAllowedOriginPatterns());
		configuration.setAllowedMethods(List.of(HttpMethod.GET.name()));
		configuration.setAllowedHeaders(List.of(CorsConfiguration.ALL));
		configuration.setAllowCredentials(cors.isAllowCredentials());
		configuration.setMaxAge(cors.getMaxAge());
		return configuration;
	}

}
