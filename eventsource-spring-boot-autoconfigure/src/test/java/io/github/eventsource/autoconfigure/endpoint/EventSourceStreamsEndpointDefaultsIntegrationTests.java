package io.github.eventsource.autoconfigure.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code eventsource} Actuator endpoint with the default settings tells strangers the
 * endpoint patterns and counts, never a concrete path.
 */
@SpringBootTest(classes = EventSourceStreamsEndpointIntegrationTests.ReportedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,eventsource")
@AutoConfigureEventSourceTestClient
class EventSourceStreamsEndpointDefaultsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Test
	void listsPatternsAndCountsButNoConcretePathByDefault() throws Exception {
		try (EventSourceTestStream secret = this.client.connect("/news/secret-xyz-token-123?group=g");
				EventSourceTestStream watch = this.client.connect("/watch")) {
			secret.awaitEvent(TIMEOUT);
			watch.awaitOpen();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/eventsource"))
					.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<Integer>read(body, "$.openStreams")).isEqualTo(2);
			assertThat(JsonPath.<List<Integer>>read(body, "$.endpoints[*].paths[?(@.pattern=='/news/{name}')].openStreams"))
				.containsExactly(1);
			assertThat(JsonPath.<List<Object>>read(body, "$.presence.paths")).isEmpty();
			assertThat(body).doesNotContain("secret-xyz-token-123").doesNotContain("\"name\":\"/watch\"");
		}
	}

}
