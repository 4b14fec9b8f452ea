package io.github.eventsource.cors;

import java.net.http.HttpResponse;

import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.eventsource.cors.CorsEndpoints.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams open to configured origins, with credentials, while the application's own
 * CORS mappings stay as they are.
 */
@SpringBootTest(classes = CorsEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.cors.allowed-origins=https://example.com",
				"eventsource.cors.allowed-origin-patterns=https://*.trusted.test",
				"eventsource.cors.allow-credentials=true", "eventsource.cors.max-age=10m" })
class CorsIntegrationTests {

	@LocalServerPort
	int port;

	private CorsRequests requests;

	@BeforeEach
	void createRequests() {
		this.requests = new CorsRequests(this.port);
	}

	@Test
	void answersPreflightFromAllowedOrigin() throws Exception {
		HttpResponse<String> response = this.requests.preflight(STREAM, "https://example.com");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue("last-event-id");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
	}

	@Test
	void opensStreamForSimpleRequestFromAllowedOriginPattern() throws Exception {
		try (RawStream stream = this.requests.stream(STREAM, "https://app.trusted.test")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.trusted.test");
			assertThat(stream.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
			assertThat(stream.awaitBodyContaining("data: hello")).isNotEmpty();
		}
	}

	@Test
	void refusesStreamAndPreflightFromOtherOrigin() throws Exception {
		assertThat(this.requests.preflight(STREAM, "https://evil.test").statusCode()).isEqualTo(403);
		HttpResponse<String> response = this.requests.get(STREAM, "https://evil.test");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void leavesTheApplicationsOwnCorsMappingsAlone() throws Exception {
		HttpResponse<String> api = this.requests.get("/api/hello", "https://api.test");
		assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://api.test");
		assertThat(this.requests.get("/api/hello", "https://example.com").statusCode()).isEqualTo(403);
	}

}
