package io.github.eventsource.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin streams behind Spring Security with {@code http.cors()}: the preflight,
 * which carries no credentials, is answered from the endpoints' CORS configuration, and
 * the stream itself still needs a login.
 */
@SpringBootTest(classes = SecuredCorsIntegrationTests.CrossOriginApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "eventsource.cors.allowed-origins=https://app.test",
				"eventsource.cors.allow-credentials=true" })
@AutoConfigureEventSourceTestClient
class SecuredCorsIntegrationTests {

	private static final String ORIGIN = "https://app.test";

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Test
	void answersPreflightWithoutCredentials() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/news"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", ORIGIN)
				.header("Access-Control-Request-Method", "GET")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void opensCrossOriginStreamOnlyWithLogin() {
		try (EventSourceTestStream anonymous = this.client.connect("/news", (headers) -> headers.setOrigin(ORIGIN))) {
			anonymous.awaitClosed();
			assertThat(anonymous.status()).isEqualTo(401);
		}
		try (EventSourceTestStream stream = this.client.connect("/news", (headers) -> {
			headers.setOrigin(ORIGIN);
			headers.setBasicAuth("user", "password");
		})) {
			assertThat(stream.awaitEvent(Duration.ofSeconds(5)).data()).isEqualTo("hello");
			assertThat(stream.headers().getFirst("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(News.class)
	static class CrossOriginApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.cors(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").build());
		}

	}

	@EventSourceEndpoint("/news")
	static class News {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("hello");
		}

	}

}
