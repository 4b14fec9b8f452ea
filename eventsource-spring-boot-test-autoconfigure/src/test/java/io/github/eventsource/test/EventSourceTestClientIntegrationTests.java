package io.github.eventsource.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EventSourceTestClient} against a real server (Tomcat, and Jetty in the build's second test run).
 */
@SpringBootTest(classes = EventSourceTestClientIntegrationTests.Endpoints.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eventsource.heartbeat.interval=100ms")
@AutoConfigureEventSourceTestClient
class EventSourceTestClientIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Autowired
	EventSourceTemplate template;

	@Test
	void seesTheServerClosingTheStream() {
		try (EventSourceTestStream stream = this.client.connect("/closing")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("bye");
			stream.awaitClosed();
			assertThat(stream.isOpen()).isFalse();
			assertThat(stream.status()).isEqualTo(200);
		}
	}

	@Test
	void exposesStatusHeadersAndBodyOfRefusedStream() {
		try (EventSourceTestStream stream = this.client.connect("/teapot")) {
			assertThat(stream.status()).isEqualTo(418);
			assertThat(stream.body()).isEqualTo("short and stout");
			assertThat(stream.headers().getContentType())
				.isEqualTo(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
			assertThat(stream.awaitClosed().events()).isEmpty();
		}
	}

	@Test
	void awaitsTheNextEventOfANameHandingOutThoseBefore() {
		try (EventSourceTestStream stream = this.client.connect("/presence")) {
			assertThat(stream.awaitEvent("hello").data()).isEqualTo("wow");
			assertThat(stream.events()).extracting(ReceivedEvent::name).containsExactly("presence", "joined", "hello");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> stream.awaitEvent("joined", Duration.ofMillis(200)))
				.withMessageContaining("an event named 'joined' after the 3 already taken");
		}
	}

	@Test
	void sendsRequestHeaders() {
		try (EventSourceTestStream stream = this.client.connect("/echo",
				(headers) -> headers.set("X-Wow", "such header"))) {
			assertThat(stream.awaitEvent().data()).isEqualTo("such header");
		}
	}

	@Test
	void failedAwaitSaysWhatArrivedInstead() {
		try (EventSourceTestStream stream = this.client.connect("/closing")) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> stream.awaitEvents(2, Duration.ofMillis(500)))
				.withMessageContaining("Expected 2 more event(s)")
				.withMessageContaining("data=bye");
		}
	}

	@Test
	void collectsHeartbeatComments() {
		try (EventSourceTestStream stream = this.client.connect("/echo")) {
			stream.awaitOpen();
			await().atMost(Duration.ofSeconds(5)).until(() -> !stream.comments().isEmpty());
		}
	}

	@Test
	void reconnectsOnlyWhenAskedWithTheLastEventId() {
		try (EventSourceTestStream stream = this.client.connect("/replaying")) {
			stream.awaitOpen();
			this.template.broadcast("/replaying", "tick", "one");
			ReceivedEvent one = stream.awaitEvent();
			assertThat(one.data()).isEqualTo("one");
			stream.close();
			this.template.broadcast("/replaying", "tick", "two");
			try (EventSourceTestStream again = stream.reconnect()) {
				ReceivedEvent two = again.awaitEvent();
				assertThat(two.data()).isEqualTo("two");
				assertThat(Long.parseLong(two.id())).isEqualTo(Long.parseLong(one.id()) + 1);
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Closing.class, Teapot.class, Echo.class, Replaying.class, Presence.class })
	static class Endpoints {

	}

	@EventSourceEndpoint("/closing")
	static class Closing {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("bye");
			session.close();
		}

	}

	@EventSourceEndpoint(path = "/presence", presence = true)
	static class Presence {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("hello", "wow");
		}

	}

	@EventSourceEndpoint("/teapot")
	static class Teapot {

		@CheckConnection
		void check() {
			throw new ResponseStatusException(HttpStatus.I_AM_A_TEAPOT, "short and stout");
		}

	}

	@EventSourceEndpoint("/echo")
	static class Echo {

		@OnOpen
		void open(EventSourceSession session, @RequestHeader(name = "X-Wow", defaultValue = "none") String wow) {
			session.send(wow);
		}

	}

	@EventSourceEndpoint(path = "/replaying", replay = true)
	static class Replaying {

	}

}
