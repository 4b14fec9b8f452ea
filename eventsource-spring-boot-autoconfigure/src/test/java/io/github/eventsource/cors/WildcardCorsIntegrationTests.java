package io.github.eventsource.cors;

import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.eventsource.cors.CorsEndpoints.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eventsource.cors.allowed-origins=*} opens streams to every origin, as the seed
 * did.
 */
@SpringBootTest(classes = CorsEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "eventsource.cors.allowed-origins=*")
class WildcardCorsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void allowsEveryOriginOnPreflightAndStream() throws Exception {
		CorsRequests requests = new CorsRequests(this.port);
		assertThat(requests.preflight(STREAM, "https://anywhere.test").headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue("*");
		try (RawStream stream = requests.stream(STREAM, "https://anywhere.test")) {
			assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
			assertThat(stream.awaitBodyContaining("data: hello")).isNotEmpty();
		}
	}

}
