package io.github.eventsource.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection limits with {@code eventsource.limits.refusal=status}: past them a new stream
 * gets 503 with Retry-After, and open streams are untouched.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=200ms", "eventsource.limits.max-connections=3",
				"eventsource.limits.max-connections-per-user=1", "eventsource.limits.max-connections-per-address=3",
				"eventsource.limits.retry-after=7s", "eventsource.limits.refusal=status" })
class StatusRefusalIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	EventSourceTemplate template;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void refusesStreamsPastTheTotalLimitWith503AndRetryAfter() throws Exception {
		try (RawStream one = open("/feed/a"); RawStream two = open("/feed/a"); RawStream three = open("/feed/a")) {
			HttpResponse<String> refused = get("/feed/a", "X-Anything", "x");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
			assertThat(this.template.broadcast("/feed/a", EventSourceEvent.of("still here")).localStreams())
				.isEqualTo(3);
			assertThat(one.awaitBodyContaining("still here")).isNotNull();
		}
	}

	@Test
	void refusesSecondStreamOfAUserPastThePerUserLimitWith503() throws Exception {
		try (RawStream alice = open("/feed/a", "X-User", "alice"); RawStream bob = open("/feed/a", "X-User", "bob")) {
			assertThat(get("/feed/a", "X-User", "alice").statusCode()).isEqualTo(503);
			assertThat(this.template.broadcastToUser("alice", EventSourceEvent.of("still yours")).localStreams())
				.isOne();
			assertThat(alice.awaitBodyContaining("still yours")).isNotNull();
		}
	}

	private RawStream open(String path, String... headers) throws Exception {
		RawStream stream = RawStream.open(this.port, path, headers);
		stream.awaitBodyContaining("event: hello");
		return stream;
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.headers(headers)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
