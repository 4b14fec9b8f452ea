package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode on a {@code redis-server} of the test that sleeps 5 s
 * ({@code DEBUG SLEEP}): sends return at once, and every event sent meanwhile is either
 * published with its id everywhere or counted as not published and found in no stream
 * and no history;
 * no reconnect yields an event twice.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSlowIntegrationTests {

	private static final String PATH = "/feed/slow";

	private static final Duration LONG = Duration.ofSeconds(30);

	/**
	 * What waits for a sleeping Redis is bounded in bytes by
	 * {@code eventsource.replay.max-total-bytes}, not only in events: with a bound of
	 * 1 MB and one send of 400 KB in flight, two more wait (a third would pass the bound)
	 * and every other send returns 0 at once.
	 */
	@Test
	void eventsWaitingForASleepingRedisAreBoundedInBytes() {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (RedisProcess redis = RedisProcess.startWithDebugCommandOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix,
						"eventsource.replay.max-total-bytes=1MB");
				EventSourceTestStream onA = a.connect(PATH)) {
			CompletableFuture<String> sleep = RedisCommandsConnection.debugSleep(redis.url(), 5);
			await().atMost(LONG).until(() -> !RedisServers.answers(redis.url()));
			String large = "x".repeat(400 * 1024);
			assertThat(a.template().broadcast(PATH, EventSourceEvent.of(large)).localStreams()).isOne();
			await().atMost(LONG).until(() -> a.bean(RedisOutbox.class).size() == 0);
			List<BroadcastResult> results = new ArrayList<>();
			for (int i = 0; i < 19; i++) {
				results.add(a.template().broadcast(PATH, EventSourceEvent.of(large)));
			}
			assertThat(sleep).as("Redis still sleeping after the sends").isNotDone();
			assertThat(results).startsWith(BroadcastResult.acceptedFor(1), BroadcastResult.acceptedFor(1))
				.filteredOn(BroadcastResult::accepted)
				.hasSize(2);
			assertThat(sleep.join()).isEqualTo("OK");
		}
	}

	@Test
	void sendsReturnAtOnceWhileRedisSleepsAndEachEventIsPublishedEverywhereOrNowhere(CapturedOutput output) {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (RedisProcess redis = RedisProcess.startWithDebugCommandOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix);
				ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix);
				EventSourceTestStream onA = a.connect(PATH);
				EventSourceTestStream onB = b.connect(PATH)) {
			b.template().broadcast(PATH, EventSourceEvent.of("warm-up"));
			a.template().broadcast(PATH, EventSourceEvent.of("before"));
			String before = awaitData(onB, "before").id();
			assertThat(awaitData(onA, "before").id()).isEqualTo(before);

			CompletableFuture<String> sleep = RedisCommandsConnection.debugSleep(redis.url(), 5);
			List<String> sent = new ArrayList<>();
			List<Duration> took = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String data = "during-" + i;
				long start = System.nanoTime();
				((i % 2 == 0) ? a : b).template().broadcast(PATH, EventSourceEvent.of(data));
				took.add(Duration.ofNanos(System.nanoTime() - start));
				sent.add(data);
			}
			assertThat(sleep).as("Redis still sleeping after the sends").isNotDone();
			// nothing in a send waits for Redis; on a busy machine a thread may still wait
			// for a core now and then, hence the bound on the slowest send
			assertThat(took.stream().sorted().toList().get(35)).isLessThan(Duration.ofMillis(10));
			assertThat(took.stream().max(Duration::compareTo).orElseThrow()).isLessThan(Duration.ofMillis(250));
			assertThat(sleep.join()).isEqualTo("OK");
			a.template().broadcast(PATH, EventSourceEvent.of("after"));
			String after = awaitData(onB, "after").id();
			assertThat(awaitData(onA, "after").id()).isEqualTo(after);

			List<ReceivedEvent> history = replay(b, before);
			assertThat(history).extracting(ReceivedEvent::data).doesNotHaveDuplicates().last().isEqualTo("after");
			Map<String, String> idByData = new HashMap<>();
			history.forEach((event) -> idByData.put(event.data(), event.id()));
			long notPublished = sent.stream().filter((data) -> !idByData.containsKey(data)).count();
			long failures = a.bean(RedisEventLog.class).outage().publishFailures() + b.bean(RedisEventLog.class).outage().publishFailures();
			long uncertain = a.bean(RedisEventLog.class).outage().uncertainPublishFailures()
					+ b.bean(RedisEventLog.class).outage().uncertainPublishFailures();
			// a call that timed out counts as a failure; Redis may still have run it in time
			assertThat(notPublished).isBetween(failures - uncertain, failures);
			for (int i = 0; i < sent.size(); i++) {
				String data = sent.get(i);
				EventSourceTestStream sender = (i % 2 == 0) ? onA : onB;
				EventSourceTestStream other = (i % 2 == 0) ? onB : onA;
				String id = idByData.get(data);
				if (id != null) {
					assertThat(idOf(sender, data)).as(data).isEqualTo(id);
					assertThat(idOf(other, data)).as(data).isEqualTo(id);
				}
				else {
					// an event whose append failed reaches no stream, its sender's included
					assertThat(other.events()).extracting(ReceivedEvent::data).as(data).doesNotContain(data);
					assertThat(sender.events()).extracting(ReceivedEvent::data).as(data).doesNotContain(data);
				}
			}
			for (EventSourceTestStream stream : List.of(onA, onB)) {
				for (ReceivedEvent event : stream.events()) {
					boolean resumable = before.equals(event.id()) || idByData.containsValue(event.id());
					if (resumable && !event.name().equals("hello")) {
						List<ReceivedEvent> rest = replay((stream == onA) ? b : a, event.id());
						assertThat(rest).extracting(ReceivedEvent::data).doesNotHaveDuplicates()
							.doesNotContain(event.data());
						assertThat(rest).extracting(ReceivedEvent::id)
							.containsExactlyElementsOf(idsAfter(history, event.id()));
					}
				}
			}
			// logged per instance and outage, never per event: the sleep, and at most one
			// failed read as Redis wakes up
			assertThat(output.getOut().split("Redis is unreachable or too slow", -1)).hasSizeLessThanOrEqualTo(5);
		}
	}

	private static ReceivedEvent awaitData(EventSourceTestStream stream, String data) {
		while (true) {
			ReceivedEvent event = stream.awaitEvent(LONG);
			if (data.equals(event.data())) {
				return event;
			}
		}
	}

	private static String idOf(EventSourceTestStream stream, String data) {
		return stream.events().stream().filter((event) -> data.equals(event.data())).findFirst()
			.map(ReceivedEvent::id).orElse("not received");
	}

	/**
	 * The id the stream had when the given event arrived without one: the client keeps
	 * its last id, as a browser does.
	 */
	private static List<String> idsAfter(List<ReceivedEvent> history, String id) {
		List<String> ids = history.stream().map(ReceivedEvent::id).distinct().toList();
		return ids.subList(ids.indexOf(id) + 1, ids.size());
	}

	/**
	 * Reconnect with a last event id and return the replayed events (before the hello).
	 */
	private static List<ReceivedEvent> replay(ClusterInstance instance, String lastEventId) {
		try (EventSourceTestStream stream = instance.connect(PATH, lastEventId)) {
			List<ReceivedEvent> replayed = new ArrayList<>();
			while (true) {
				ReceivedEvent event = stream.awaitEvent(LONG);
				if ("hello".equals(event.name())) {
					assertThat(event.data()).endsWith(" REPLAYED");
					return replayed;
				}
				replayed.add(event);
			}
		}
	}

}
