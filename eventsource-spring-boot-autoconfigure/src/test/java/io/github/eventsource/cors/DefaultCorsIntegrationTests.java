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
 * Without {@code eventsource.cors.*} a stream is same-origin only: no
 * {@code Access-Control-Allow-Origin} header, so browsers refuse cross-origin streams.
 */
@SpringBootTest(classes = CorsEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class DefaultCorsIntegrationTests {

	@LocalServerPort
	int port;

	private CorsRequests requests;

	@BeforeEach
	void createRequests() {
		this.requests = new CorsRequests(this.port);
	}

	@Test
	void sendsNoAllowOriginHeaderOnPreflight() throws Exception {
		HttpResponse<String> response = this.requests.preflight(STREAM, "https://example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void sendsNoAllowOriginHeaderOnStream() throws Exception {
		try (RawStream stream = this.requests.stream(STREAM, "https://example.com")) {
			assertThat(stream.awaitBodyContaining("data: hello")).isNotEmpty();
			assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
	}

}
