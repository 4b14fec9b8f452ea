package io.github.eventsource.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's secured endpoint, metrics, observations and Actuator endpoint, and its public chat room
 * behind the same security filter chain, with response compression on; on Tomcat and,
 * in the build's second test run, on Jetty.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureEventSourceTestClient
class ProductionFeaturesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Autowired
	EventSourceTemplate template;

	@Test
	void refusesPrivateStreamWithoutCredentialsWith401() {
		try (EventSourceTestStream stream = this.client.connect("/private")) {
			stream.awaitClosed();
			assertThat(stream.status()).isEqualTo(401);
			assertThat(stream.events()).isEmpty();
		}
	}

	@Test
	void greetsTheUserOfThePrivateStreamByName() {
		try (EventSourceTestStream stream = this.client.connect("/private",
				(headers) -> headers.setBasicAuth("user", "password"))) {
			assertThat(stream.awaitEvent(TIMEOUT)).isEqualTo(new ReceivedEvent("greeting", "Hello, user", null));
		}
	}

	@Test
	void reportsEndpointsAndOpenStreamsOnTheActuatorEndpoint() throws Exception {
		try (EventSourceTestStream stream = this.client.connect("/amazing")) {
			stream.awaitEvent(TIMEOUT);
			HttpResponse<String> report = get("/actuator/eventsource");
			assertThat(report.statusCode()).isEqualTo(200);
			assertThat(report.body()).contains("\"pattern\":\"/amazing\",\"openStreams\":1")
				.contains("\"pattern\":\"/rooms/{room}\"")
				.contains("\"pattern\":\"/private\"");
		}
	}

	@Test
	void exposesStreamMetricsToPrometheus() throws Exception {
		try (EventSourceTestStream stream = this.client.connect("/wow/1")) {
			stream.awaitEvent(TIMEOUT);
			HttpResponse<String> scrape = get("/actuator/prometheus");
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains("eventsource_streams_open{endpoint=\"/wow/{n}\"} 1")
				.contains("eventsource_events_sent_total{endpoint=\"/wow/{n}\"}");
		}
	}

	@Test
	void exposesTheObservationsOfStreamsToPrometheus() throws Exception {
		try (EventSourceTestStream refused = this.client.connect("/forbidden")) {
			assertThat(refused.status()).isEqualTo(403);
		}
		try (EventSourceTestStream stream = this.client.connect("/unicode")) {
			stream.awaitEvent(TIMEOUT);
			assertThat(get("/actuator/prometheus").body())
				.contains("eventsource_stream_active_seconds_count{endpoint=\"/unicode\"} 1");
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			// the client left: a write finds it gone, long before the next heartbeat would
			this.template.broadcast("/unicode", "tick", "anyone?");
			assertThat(get("/actuator/prometheus").body())
				.contains("eventsource_stream_seconds_count{endpoint=\"/forbidden\",error=\"none\",outcome=\"refused\"}")
				.contains("eventsource_stream_seconds_count{endpoint=\"/unicode\",error=\"none\",outcome=\"client_gone\"}");
		});
	}

	@Test
	void takesChatPostsWithoutCsrfToken() throws Exception {
		try (EventSourceTestStream stream = this.client.connect("/rooms/lobby")) {
			stream.awaitOpen();
			HttpResponse<String> posted = this.http.send(
					request("/rooms/lobby").header("Content-Type", "text/plain")
						.POST(HttpRequest.BodyPublishers.ofString("much chat"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(posted.statusCode()).isEqualTo(202);
			assertThat(stream.awaitEvent("message", TIMEOUT).data()).isEqualTo("much chat");
		}
	}

	@Test
	void compressesPagesButSendsStreamsUncompressedEventByEvent() throws Exception {
		HttpResponse<String> page = this.http.send(request("/demo.html").header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
		HttpResponse<InputStream> stream = this.http.send(
				request("/amazing").header("Accept-Encoding", "gzip").header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(
				new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			assertThat(stream.headers().firstValue("Content-Encoding")).isNotEqualTo(Optional.of("gzip"));
			// a compressed or buffered stream would never deliver its first line
			String firstLine = CompletableFuture.supplyAsync(() -> readLine(body)).get(5, TimeUnit.SECONDS);
			assertThat(firstLine).isEqualTo("event: doge_source");
		}
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

}
