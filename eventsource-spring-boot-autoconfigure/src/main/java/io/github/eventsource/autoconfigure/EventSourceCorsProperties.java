package io.github.eventsource.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Cross-origin access to the endpoints. No cross-origin request is allowed when
 * neither allowed origins nor allowed origin patterns are set.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.cors")
public class EventSourceCorsProperties {

	/**
	 * Origins allowed to open streams, such as 'https://example.com'. '*' allows all
	 * origins, without credentials.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns allowed to open streams, such as 'https://*.example.com'; unlike
	 * allowed origins, they may be combined with credentials.
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Whether credentials (cookies) are sent along with cross-origin streams, for
	 * clients created with 'withCredentials: true'.
	 */
	private boolean allowCredentials;

	/**
	 * How long browsers may cache the response of a preflight request.
	 */
	private Duration maxAge = Duration.ofMinutes(30);

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public boolean isAllowCredentials() {
		return this.allowCredentials;
	}

	public void setAllowCredentials(boolean allowCredentials) {
		this.allowCredentials = allowCredentials;
	}

	public Duration getMaxAge() {
		return this.maxAge;
	}

	public void setMaxAge(Duration maxAge) {
		this.maxAge = maxAge;
	}

	/**
	 * Return the CORS configuration of the endpoints: {@code GET} with any request header
	 * from the allowed origins.
	 * @return the configuration, or {@code null} when no origin is allowed
	 */
	public @Nullable CorsConfiguration toCorsConfiguration() {
		if (this.allowedOrigins.isEmpty() && this.allowedOriginPatterns.isEmpty()) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(this.allowedOrigins);
		configuration.setAllowedOriginPatterns(this.allowedOriginPatterns);
		configuration.setAllowedMethods(List.of(HttpMethod.GET.name()));
		configuration.setAllowedHeaders(List.of(CorsConfiguration.ALL));
		configuration.setAllowCredentials(this.allowCredentials);
		configuration.setMaxAge(this.maxAge);
		return configuration;
	}

}
