package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode on a {@code redis-server} that the test stops and starts
 * again: local delivery goes on while Redis is down, and cluster delivery resumes by
 * itself when it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIntegrationTests {

	private static final String PATH = "/feed/outage";

	@Test
	void eventsSentWhileRedisIsDownReachNoStreamAndDeliveryResumesWhenItReturns(CapturedOutput output) {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (RedisProcess redis = RedisProcess.startOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix);
				ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix);
				EventSourceTestStream onA = a.connect(PATH);
				EventSourceTestStream onB = b.connect(PATH)) {
			a.template().broadcast(PATH, EventSourceEvent.of("before"));
			assertThat(onB.awaitEvent().data()).isEqualTo("before");

			redis.stop();
			for (String data : new String[] { "during-1", "during-2", "during-3" }) {
				assertThat(a.template().broadcast(PATH, EventSourceEvent.of(data)).localStreams()).isOne();
			}
			assertThat(onA.awaitEvent().data()).isEqualTo("before");
			await().atMost(Duration.ofSeconds(10)).until(() -> a.bean(RedisEventLog.class).outage().publishFailures() == 3);
			assertThat(publishFailuresMetric(a)).isEqualTo(3);
			// once per instance: a's sends and both readers fail, but each outage is logged once
			assertThat(output.getOut().split("Redis is unreachable", -1)).hasSize(3);
			assertThat(onA.isOpen()).isTrue();
			assertThat(onB.isOpen()).isTrue();

			redis.start();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> delivered(a, onB) && delivered(b, onA));
			for (EventSourceTestStream stream : List.of(onA, onB)) {
				assertThat(stream.events()).extracting(ReceivedEvent::data)
					.doesNotContain("during-1", "during-2", "during-3");
			}
			assertThat(output.getOut()).contains("Redis is reachable again");
		}
	}

	@Test
	void instanceStartedWhileRedisIsDownJoinsTheClusterWhenRedisComes() {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (RedisProcess redis = RedisProcess.onSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix);
				EventSourceTestStream onA = a.connect(PATH)) {
			assertThat(a.template().broadcast(PATH, EventSourceEvent.of("alone")).localStreams()).isOne();
			await().atMost(Duration.ofSeconds(10)).until(() -> a.bean(RedisEventLog.class).outage().publishFailures() == 1);
			redis.start();
			try (ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix);
					EventSourceTestStream onB = b.connect(PATH)) {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> delivered(a, onB) && delivered(b, onA));
			}
		}
	}

	/**
	 * Send a probe and return whether any earlier probe of the sender reached the stream:
	 * a send only queues its event for publication.
	 */
	private static boolean delivered(ClusterInstance from, EventSourceTestStream to) {
		String probe = "probe-" + System.identityHashCode(from) + "-";
		from.template().broadcast(PATH, EventSourceEvent.of(probe + UUID.randomUUID()));
		return to.events().stream().anyMatch((event) -> event.data().startsWith(probe));
	}

	private static double publishFailuresMetric(ClusterInstance instance) {
		return instance.bean(MeterRegistry.class).get("eventsource.cluster.publish.failures").functionCounter().count();
	}

}
