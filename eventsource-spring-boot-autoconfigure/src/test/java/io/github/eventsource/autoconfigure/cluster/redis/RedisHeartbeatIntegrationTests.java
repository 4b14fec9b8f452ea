package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.eventsource.test.TestEventStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode whose Redis sleeps 15 s ({@code DEBUG SLEEP}, on a
 * {@code redis-server} of the test) while resumable answers run: no thread that streams
 * wait on waits for Redis, so heartbeats keep their interval.
 */
class RedisHeartbeatIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	@Test
	void idleStreamsKeepTheirHeartbeatsWhileRedisSleepsUnderResumableAnswers() {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String heartbeat = "eventsource.heartbeat.interval=" + INTERVAL.toMillis() + "ms";
		List<TestEventStream> answers = new ArrayList<>();
		try (RedisProcess redis = RedisProcess.startWithDebugCommandOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix, heartbeat);
				ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix, heartbeat);
				TestEventStream idleOnA = a.connect("/feed/idle");
				TestEventStream idleOnB = b.connect("/feed/idle")) {
			for (int i = 0; i < 50; i++) {
				answers.add(a.client().connect("/answers/heartbeat-" + i + "?tokens=3000"));
			}
			answers.forEach((answer) -> answer.awaitEvent("token", Duration.ofSeconds(30)));
			for (int i = 0; i < 20; i++) {
				answers.add(b.client().connect("/answers/heartbeat-" + i + "?tokens=3000"));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> idleOnA.comments().size() >= 2 && idleOnB.comments().size() >= 2);

			Gaps onA = new Gaps(idleOnA);
			Gaps onB = new Gaps(idleOnB);
			CompletableFuture<String> sleep = RedisCommandsConnection.debugSleep(redis.url(), 15);
			await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
				onA.observe();
				onB.observe();
				return sleep.isDone();
			});
			assertThat(sleep.join()).isEqualTo("OK");
			for (Gaps gaps : List.of(onA, onB)) {
				assertThat(gaps.heartbeats).as("heartbeats during the 15 s").isGreaterThanOrEqualTo(10);
				// one interval, and one more for a machine shared by many JVMs
				assertThat(Duration.ofNanos(gaps.longest)).isLessThan(INTERVAL.multipliedBy(2).plusMillis(500));
			}
		}
		finally {
			answers.forEach(TestEventStream::close);
		}
	}

	/**
	 * The longest time between two heartbeats of a stream, as polled.
	 */
	private static final class Gaps {

		private final TestEventStream stream;

		private int seen;

		private long lastNanos = System.nanoTime();

		private long longest;

		private int heartbeats;

		Gaps(TestEventStream stream) {
			this.stream = stream;
			this.seen = stream.comments().size();
		}

		void observe() {
			int now = this.stream.comments().size();
			long nanos = System.nanoTime();
			if (now > this.seen) {
				this.heartbeats += now - this.seen;
				this.seen = now;
				this.lastNanos = nanos;
			}
			this.longest = Math.max(this.longest, nanos - this.lastNanos);
		}

	}

}
