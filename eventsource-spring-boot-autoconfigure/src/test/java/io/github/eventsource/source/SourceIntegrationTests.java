package io.github.eventsource.source;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.delivery.RawSocket;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * An {@code @OnOpen} that returns a source: its elements arrive in order, then the
 * completion or error event, then the end; a slow client pauses the source, and a client
 * that goes cancels it.
 */
@SpringBootTest(classes = { SourceEndpoints.class, SourceIntegrationTests.WrittenEvents.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=1s", "eventsource.session.max-buffered-bytes=64KB" })
@AutoConfigureEventSourceTestClient
class SourceIntegrationTests {

	private static final int CHUNK = 1024;

	@Autowired
	EventSourceTestClient client;

	@Autowired
	WrittenEvents written;

	@LocalServerPort
	int port;

	@Test
	void fluxElementsArriveInOrderThenTheCompletionEventThenTheEnd() {
		try (EventSourceTestStream stream = this.client.connect("/tokens/5")) {
			List<ReceivedEvent> events = stream.awaitCompletion();
			assertThat(events).extracting(ReceivedEvent::name, ReceivedEvent::data)
				.containsExactly(tuple("token", "token 1"), tuple("token", "token 2"), tuple("token", "token 3"),
						tuple("token", "token 4"), tuple("token", "token 5"), tuple("done", ""));
		}
	}

	@Test
	void onCloseRunsOnceWhenTheSourceCompletes() {
		SourceEndpoints.closed.clear();
		try (EventSourceTestStream stream = this.client.connect("/tokens/2")) {
			stream.awaitCompletion();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> SourceEndpoints.closed.size() == 1);
	}

	@Test
	void flowPublisherEventsKeepTheirNamesAndIds() {
		try (EventSourceTestStream stream = this.client.connect("/flow")) {
			assertThat(stream.awaitCompletion()).extracting(ReceivedEvent::name, ReceivedEvent::data, ReceivedEvent::id)
				.containsExactly(tuple("step", "step 1", "s1"), tuple("step", "step 2", "s2"),
						tuple("step", "step 3", "s3"), tuple("done", "", "s3"));
		}
	}

	@Test
	void streamElementsArriveAsJson() {
		try (EventSourceTestStream stream = this.client.connect("/members")) {
			assertThat(stream.awaitCompletion()).extracting(ReceivedEvent::name, ReceivedEvent::data)
				.containsExactly(tuple("member", "{\"name\":\"doge 1\",\"rank\":1}"),
						tuple("member", "{\"name\":\"doge 2\",\"rank\":2}"),
						tuple("member", "{\"name\":\"doge 3\",\"rank\":3}"), tuple("done", ""));
		}
	}

	@Test
	void failingSourceEndsTheStreamWithAnErrorEventThatLeaksNothing() {
		SourceEndpoints.closed.clear();
		try (EventSourceTestStream stream = this.client.connect("/failing")) {
			assertThat(stream.awaitCompletion()).extracting(ReceivedEvent::name, ReceivedEvent::data)
				.containsExactly(tuple("token", "first"), tuple("error", "stream failed"));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> SourceEndpoints.closed.size() == 1);
	}

	@Test
	void slowClientPausesTheSourceWithinTheStreamsBound() throws Exception {
		String name = "slow";
		try (RawSocket stalled = RawSocket.open(this.port, "/endless/" + name + "?size=" + CHUNK, 4096)) {
			stalled.readUntil("event: chunk");
			AtomicLong produced = await().atMost(Duration.ofSeconds(5))
				.until(() -> SourceEndpoints.produced.get(name), (count) -> count != null);
			// the socket buffers fill, then the stream's buffer; then the source waits
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(new Steady(produced::get)::isSteady);
			long waiting = produced.get() - this.written.count("/endless/{name}");
			assertThat(waiting * (CHUNK + 20)).isLessThanOrEqualTo(64 * 1024 + CHUNK + 20);
			assertThat(SourceEndpoints.cancelled).doesNotContain(name);
		}
	}

	@Test
	void clientThatGoesCancelsTheSourceWithinAHeartbeat() throws Exception {
		String name = "gone";
		try (RawSocket reader = RawSocket.open(this.port, "/endless/" + name + "?size=16")) {
			reader.readUntil("event: chunk");
		}
		await().atMost(Duration.ofSeconds(1)).until(() -> SourceEndpoints.cancelled.contains(name));
	}

	@Test
	void clientThatGoesCancelsASilentSourceAtTheNextHeartbeats() throws Exception {
		String name = "silent";
		try (RawSocket reader = RawSocket.open(this.port, "/silent/" + name)) {
			reader.readUntil("event: hello");
		}
		// the first heartbeat after the client went may still be taken by the network stack
		await().atMost(Duration.ofSeconds(3)).until(() -> SourceEndpoints.cancelled.contains(name));
	}

	/**
	 * Whether a figure stayed the same over the last polls.
	 */
	static final class Steady {

		private final LongSupplier figure;

		private long last = -1;

		private int unchanged;

		Steady(LongSupplier figure) {
			this.figure = figure;
		}

		boolean isSteady() {
			long now = this.figure.getAsLong();
			this.unchanged = (now == this.last) ? this.unchanged + 1 : 0;
			this.last = now;
			return this.unchanged >= 5;
		}

	}

	/**
	 * Counts the events written to the streams of each endpoint.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class WrittenEvents {

		private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

		long count(String endpoint) {
			AtomicLong count = this.counts.get(endpoint);
			return (count != null) ? count.get() : 0;
		}

		@Bean
		EventSourceObserver writtenEventsObserver() {
			return new EventSourceObserver() {

				@Override
				public void written(String endpoint, int events, long waitedNanos) {
					WrittenEvents.this.counts.computeIfAbsent(endpoint, (key) -> new AtomicLong()).addAndGet(events);
				}

			};
		}

	}

}
