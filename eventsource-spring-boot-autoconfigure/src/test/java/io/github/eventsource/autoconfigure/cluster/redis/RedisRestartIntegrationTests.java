package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode whose Redis restarts without persistence: streams go on,
 * nothing is delivered twice, and a client that missed events from before the restart
 * gets the reset event, never a silent gap.
 */
class RedisRestartIntegrationTests {

	private static final String PATH = "/feed/restart";

	private static final Duration LONG = Duration.ofSeconds(30);

	@Test
	void restartWithoutPersistenceChangesTheEpochAndStreamsGoOn() {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (RedisProcess redis = RedisProcess.startOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix);
				ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix);
				EventSourceTestStream onA = a.connect(PATH);
				EventSourceTestStream onB = b.connect(PATH)) {
			a.template().broadcast(PATH, EventSourceEvent.of("before-1"));
			String missedFrom = onB.awaitEvent(LONG).id();
			for (String data : List.of("before-2", "before-3")) {
				a.template().broadcast(PATH, EventSourceEvent.of(data));
			}
			assertThat(onB.awaitEvents(2, LONG)).extracting(ReceivedEvent::data).containsExactly("before-2", "before-3");

			redis.stop();
			redis.start();
			List<String> sent = new ArrayList<>();
			await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
				String data = "after-" + sent.size();
				sent.add(data);
				// the instance that drew the first epoch appends first again
				a.template().broadcast(PATH, EventSourceEvent.of(data));
				return onB.events().stream().anyMatch((event) -> event.data().startsWith("after-"));
			});
			a.template().broadcast(PATH, EventSourceEvent.of("last"));
			for (EventSourceTestStream stream : List.of(onA, onB)) {
				await().atMost(LONG).until(() -> stream.events().stream().anyMatch((event) -> event.data().equals("last")));
				List<String> received = stream.events().stream().map(ReceivedEvent::data).toList();
				assertThat(received).doesNotHaveDuplicates();
				assertThat(received.subList(received.indexOf("before-3") + 1, received.size()))
					.allMatch((data) -> data.startsWith("after-") || data.equals("last"));
			}
			String before = missedFrom.substring(0, missedFrom.indexOf('-'));
			String after = onB.events().get(onB.events().size() - 1).id();
			assertThat(after).doesNotStartWith(before + "-");

			// missed before-2 and before-3, which Redis lost: one reset, then live
			for (ClusterInstance instance : List.of(a, b)) {
				try (EventSourceTestStream again = instance.client()
					.connect(PATH, (headers) -> headers.set("Last-Event-ID", missedFrom))) {
					List<ReceivedEvent> opened = again.awaitEvents(2, LONG);
					assertThat(opened).extracting(ReceivedEvent::name).containsExactly("reset", "hello");
					assertThat(opened.get(1).data()).endsWith(" RESET");
				}
			}
		}
	}

}
