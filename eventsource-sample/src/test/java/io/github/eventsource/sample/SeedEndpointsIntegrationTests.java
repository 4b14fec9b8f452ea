package io.github.eventsource.sample;

import java.time.Duration;
import java.util.List;

import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test cases of tornado-eventsource, run against the sample through the test client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.doge.interval=100ms")
@AutoConfigureEventSourceTestClient
class SeedEndpointsIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Test
	void sendsNamedEventOnOpen() {
		try (EventSourceTestStream stream = this.client.connect("/amazing")) {
			assertThat(stream.awaitEvent()).isEqualTo(new ReceivedEvent("doge_source", "much connection", null));
			assertThat(stream.headers().getFirst("Content-Type")).isEqualTo("text/event-stream;charset=UTF-8");
		}
	}

	@Test
	void refusesForbiddenConnectionWith403() {
		try (EventSourceTestStream stream = this.client.connect("/forbidden")) {
			assertThat(stream.status()).isEqualTo(403);
			assertThat(stream.body()).contains("forbidden");
			stream.awaitClosed();
			assertThat(stream.isOpen()).isFalse();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(stream::awaitOpen)
				.withMessageContaining("status 403 'forbidden'");
		}
	}

	@Test
	void sendsCustomResponseHeader() {
		try (EventSourceTestStream stream = this.client.connect("/header")) {
			assertThat(stream.headers().getFirst("X-Doge-Header")).isEqualTo("such header");
			assertThat(stream.awaitEvent().data()).isEqualTo("header");
		}
	}

	@Test
	void sendsRetryOnOpen() {
		try (EventSourceTestStream stream = this.client.connect("/retry")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("retried");
			assertThat(stream.retry()).isEqualTo(Duration.ofMillis(300));
		}
	}

	@Test
	void passesPathVariableToOpen() {
		try (EventSourceTestStream stream = this.client.connect("/wow/42")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("such Wow 42");
		}
	}

	@Test
	void sendsNamelessEventsWithIdsThenDoges() {
		try (EventSourceTestStream stream = this.client.connect("/")) {
			// the open's nameless event, and a tick of the ticker (a doge, then a nameless
			// event); a tick that falls between the stream joining "/" and @OnOpen comes first
			List<ReceivedEvent> events = stream.awaitEvents(3);
			assertThat(events).extracting(ReceivedEvent::name).containsSubsequence("doge", ReceivedEvent.NAMELESS);
			assertThat(events).filteredOn((event) -> event.name().equals("doge"))
				.first()
				.extracting(ReceivedEvent::data)
				.isEqualTo("Wow much alive\nSuch message");
			assertThat(events).filteredOn((event) -> event.name().equals(ReceivedEvent.NAMELESS))
				.hasSize(2)
				.allSatisfy((event) -> {
					assertThat(event.data()).isEqualTo("Wow much nameless");
					assertThat(event.id()).hasSize(36);
				});
			assertThat(events).extracting(ReceivedEvent::id).doesNotHaveDuplicates();
		}
	}

	@Test
	void deliversMultiLineEventIntact() {
		try (EventSourceTestStream stream = this.client.connect("/lines")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("a\nb\nc\nd");
		}
	}

	@Test
	void deliversUnicodeIntact() {
		try (EventSourceTestStream stream = this.client.connect("/unicode")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("héllo wörld ✓ 🐶");
		}
	}

	@Test
	void echoesLastEventIdFromHeader() {
		try (EventSourceTestStream stream = this.client.connect("/echo-last-id",
				(headers) -> headers.set("Last-Event-ID", "wow-7"))) {
			assertThat(stream.awaitEvent().data()).isEqualTo("wow-7");
		}
		try (EventSourceTestStream stream = this.client.connect("/echo-last-id")) {
			assertThat(stream.awaitEvent().data()).isEqualTo("none");
		}
	}

}
