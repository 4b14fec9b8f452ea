package io.github.eventsource.durable;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.DurableStreamItem;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestDurableStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EventSourceTestClient#readDurableStream(String)}: a test reads what
 * the {@link DurableStreams} API writes, catch-up then live, on a real container.
 */
@SpringBootTest(classes = DurableStreamsTestClientIntegrationTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.durable-streams.path=/streams", "eventsource.test.client.await-timeout=5s" })
@AutoConfigureEventSourceTestClient
class DurableStreamsTestClientIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Autowired
	DurableStreams streams;

	@Test
	void readsJsonMessagesFromTheStartThenLive() {
		this.streams.create("json", "application/json", null);
		this.streams.appendJson("json", new Token("such", 1));
		this.streams.appendJson("json", new Token("wow", 2));
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/json")) {
			assertThat(stream.awaitItems(2)).extracting((item) -> item.dataAs(Token.class))
				.containsExactly(new Token("such", 1), new Token("wow", 2));
			assertThat(stream.awaitUpToDate().isClosed()).isFalse();
			String offset = this.streams.appendJson("json", new Token("live", 3));
			assertThat(stream.awaitItem().text()).isEqualTo("{\"text\":\"live\",\"n\":3}");
			assertThat(stream.awaitUpToDate().nextOffset()).isEqualTo(offset);
			assertThat(stream.status()).isEqualTo(200);
		}
	}

	@Test
	void readsFromAnOffsetAndResumesWhereItLeftOff() {
		this.streams.create("resume", "text/plain", null);
		String first = this.streams.appendText("resume", "one ");
		this.streams.appendText("resume", "two ");
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/resume", first)) {
			assertThat(stream.awaitUpToDate().text()).isEqualTo("two ");
			stream.close();
			this.streams.appendText("resume", "three");
			try (EventSourceTestDurableStream again = stream.reconnect()) {
				assertThat(again.awaitItem()).isEqualTo(new DurableStreamItem("three"));
				assertThat(again.items()).hasSize(1);
			}
		}
	}

	@Test
	void readsTextWhoseLinesEndInAnyWay() {
		this.streams.create("lines", "text/plain", null);
		this.streams.appendText("lines", "such\nmulti-line\n data");
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/lines")) {
			assertThat(stream.awaitItem().text()).isEqualTo("such\nmulti-line\n data");
		}
	}

	@Test
	void readsTheBytesOfABinaryStream() {
		this.streams.create("binary", "application/octet-stream", null);
		byte[] bytes = { 0, 1, (byte) 0xff, '\n', 42 };
		this.streams.append("binary", bytes);
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/binary")) {
			assertThat(stream.awaitItem().bytes()).containsExactly(bytes);
		}
	}

	@Test
	void awaitsTheEndOfAClosedStreamAndHandsOutTheRest() {
		this.streams.create("closing", "application/json", null);
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/closing")) {
			stream.awaitUpToDate();
			this.streams.appendJson("closing", List.of("a", "b"));
			String end = this.streams.close("closing");
			assertThat(stream.awaitClosed()).containsExactly(new DurableStreamItem("[\"a\",\"b\"]"));
			assertThat(stream.isClosed()).isTrue();
			assertThat(stream.nextOffset()).isEqualTo(end);
		}
	}

	@Test
	void failedAwaitSaysWhatArrivedInstead() {
		this.streams.create("quiet", "text/plain", null);
		this.streams.appendText("quiet", "only this");
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/quiet")) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> stream.awaitItems(2, java.time.Duration.ofMillis(500)))
				.withMessageStartingWith("Expected 2 more item(s) after the 0 already taken within PT0.5S, but")
				.withMessageContaining("only this");
		}
	}

	@Test
	void reportsTheStatusOfAStreamThatDoesNotExist() {
		try (EventSourceTestDurableStream stream = this.client.readDurableStream("/streams/missing")) {
			assertThat(stream.status()).isEqualTo(404);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(stream::awaitItem)
				.withMessageContaining("status 404");
		}
	}

	@Test
	void itemsOfTheSameBytesAreEqual() {
		assertThat(new DurableStreamItem("wow")).isEqualTo(new DurableStreamItem("wow"))
			.hasSameHashCodeAs(new DurableStreamItem("wow"));
		assertThat(new DurableStreamItem("wow").bytes()).isEqualTo("wow".getBytes(StandardCharsets.UTF_8));
	}

	record Token(String text, int n) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
