package io.github.eventsource.durable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable streams behind Spring Security with the default {@link DurableStreamAccess}:
 * the filter chain lets every request through (HTTP basic when credentials are sent), and
 * the hook lets everyone read and only authenticated requests write.
 */
@SpringBootTest(classes = DurableStreamsSecurityIntegrationTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "eventsource.durable-streams.path=/streams" })
class DurableStreamsSecurityIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void anonymousRequestsReadButOnlyAuthenticatedOnesWrite() throws Exception {
		assertThat(send("PUT", "/notes", null, "anonymous").statusCode()).isEqualTo(401);
		assertThat(send("PUT", "/notes", "user:password", "first").statusCode()).isEqualTo(201);
		assertThat(send("POST", "/notes", null, "anonymous").statusCode()).isEqualTo(401);
		assertThat(send("POST", "/notes", "user:password", " second").statusCode()).isEqualTo(204);
		HttpResponse<String> read = send("GET", "/notes?offset=-1", null, null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).isEqualTo("first second");
		assertThat(send("DELETE", "/notes", null, null).statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/notes", "user:password", null).statusCode()).isEqualTo(204);
	}

	private HttpResponse<String> send(String method, String path, String credentials, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/streams" + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "text/plain")
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/streams/**"))
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").build());
		}

	}

}
