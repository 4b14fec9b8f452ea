package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.eventsource.delivery.DeliveryEndpoints;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode on a real Redis share the generations of a resumable
 * endpoint: one runs it, a stream on the other resumes it, sees the same events with the
 * same ids, and gets its end; it is cancelled only when no stream of either instance
 * listened for the grace period.
 */
class RedisResumableIntegrationTests {

	private static ClusterInstance a;

	private static ClusterInstance b;

	@BeforeAll
	static void startInstances() {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String[] properties = { "eventsource.heartbeat.interval=1s", "eventsource.resumable.grace=1s" };
		a = ClusterInstance.start(url, keyPrefix, properties);
		b = ClusterInstance.start(url, keyPrefix, properties);
	}

	@AfterAll
	static void stopInstances() {
		for (ClusterInstance instance : new ClusterInstance[] { a, b }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void reconnectToTheOtherInstanceContinuesTheSameGeneration() {
		String id = UUID.randomUUID().toString();
		EventSourceTestStream first = a.client().connect("/answers/" + id);
		List<ReceivedEvent> read = first.awaitEvents(5);
		first.close();
		try (EventSourceTestStream resumed = b.client()
			.connect("/answers/" + id, (headers) -> headers.set("Last-Event-ID", read.get(4).id()))) {
			List<ReceivedEvent> rest = resumed.awaitCompletion();
			assertThat(rest.get(0).data()).isEqualTo("1:5");
			assertThat(tokens(Stream.concat(read.stream(), rest.stream()).toList()))
				.containsExactlyElementsOf(IntStream.range(0, 20).mapToObj((i) -> "1:" + i).toList());
			assertThat(rest.get(rest.size() - 1).name()).isEqualTo("done");
		}
		assertThat(DeliveryEndpoints.answersStarted.get(id)).hasValue(1);
	}

	@Test
	void streamsOnBothInstancesSeeTheSameEventsWithTheSameIds() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream onA = a.client().connect("/answers/" + id);
				EventSourceTestStream onB = b.client().connect("/answers/" + id)) {
			List<ReceivedEvent> fromA = onA.awaitCompletion();
			List<ReceivedEvent> fromB = onB.awaitCompletion();
			assertThat(fromB).extracting(ReceivedEvent::id, ReceivedEvent::data)
				.containsExactlyElementsOf(fromA.stream().map((event) -> tuple(event.id(), event.data())).toList());
			assertThat(fromA).hasSize(21);
		}
		assertThat(DeliveryEndpoints.answersStarted.get(id)).hasValue(1);
	}

	@Test
	void streamOnTheOtherInstanceAfterTheEndGetsEverythingAndTheEnd() {
		String id = UUID.randomUUID().toString();
		List<ReceivedEvent> original;
		try (EventSourceTestStream first = a.client().connect("/answers/" + id)) {
			original = first.awaitCompletion();
		}
		try (EventSourceTestStream late = b.client().connect("/answers/" + id)) {
			assertThat(late.awaitCompletion()).extracting(ReceivedEvent::id, ReceivedEvent::data)
				.containsExactlyElementsOf(original.stream().map((event) -> tuple(event.id(), event.data())).toList());
		}
		assertThat(DeliveryEndpoints.answersStarted.get(id)).hasValue(1);
	}

	@Test
	void generationListenedToOnTheOtherInstanceOnlyRunsOnUntilItsEnd() {
		String id = UUID.randomUUID().toString();
		String path = "/answers/" + id + "?tokens=150";
		EventSourceTestStream first = a.client().connect(path);
		first.awaitEvent();
		try (EventSourceTestStream onB = b.client().connect(path)) {
			onB.awaitEvent();
			first.close();
			// 150 tokens take 3 s, three times the grace period, with no stream on A
			List<ReceivedEvent> rest = onB.awaitCompletion();
			assertThat(rest.get(rest.size() - 1).name()).isEqualTo("done");
		}
		assertThat(DeliveryEndpoints.answersCancelled).doesNotContain(id);
	}

	@Test
	void generationNobodyListensToOnAnyInstanceIsCancelled() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream onB = b.client().connect("/answers/" + id + "?tokens=100000")) {
			onB.awaitEvent();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> DeliveryEndpoints.answersCancelled.contains(id));
	}

	private static List<String> tokens(List<ReceivedEvent> events) {
		return events.stream().filter((event) -> "token".equals(event.name())).map(ReceivedEvent::data).toList();
	}

}
