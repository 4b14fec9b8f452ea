package io.github.eventsource.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Only {@code /private} needs a login, by form or HTTP basic, as the user of
 * {@code spring.security.user.*}; everything else the sample serves, the actuator
 * endpoints included, stays public, and the chat room takes posts without a CSRF token.
 * An {@code EventSource} that is not logged in gets 401 rather than a redirect to the
 * login page, which it could not follow.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurity {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/private").authenticated()
				.anyRequest()
				.permitAll())
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
					new MediaTypeRequestMatcher(MediaType.TEXT_EVENT_STREAM)))
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/rooms/**", "/v1/stream/**"))
			.build();
	}

}
