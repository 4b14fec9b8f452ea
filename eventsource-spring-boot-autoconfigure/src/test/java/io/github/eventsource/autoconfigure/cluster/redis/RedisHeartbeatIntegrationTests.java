package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.eventsource.delivery.DeliveryEndpoints;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode whose Redis sleeps 15 s ({@code DEBUG SLEEP}, on a
 * {@code redis-server} of the test) while 200 resumable answers run on one and are
 * followed on the other: no thread that streams wait on waits for Redis, so heartbeats
 * keep their interval; no event of a generation is dropped while it waits for Redis, so
 * every follower receives every token once; the sleep is no reason to take the running
 * instance for dead, so no answer starts twice.
 */
class RedisHeartbeatIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final int ANSWERS = 200;

	private static final int TOKENS = 200;

	@Test
	void idleStreamsKeepTheirHeartbeatsAndFollowersEveryTokenWhileRedisSleepsUnderResumableAnswers() {
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String run = UUID.randomUUID().toString();
		String heartbeat = "eventsource.heartbeat.interval=" + INTERVAL.toMillis() + "ms";
		List<EventSourceTestStream> answers = new ArrayList<>();
		try (RedisProcess redis = RedisProcess.startWithDebugCommandOnSparePort();
				ClusterInstance a = ClusterInstance.start(redis.url(), keyPrefix, heartbeat);
				ClusterInstance b = ClusterInstance.start(redis.url(), keyPrefix, heartbeat);
				EventSourceTestStream idleOnA = a.connect("/feed/idle");
				EventSourceTestStream idleOnB = b.connect("/feed/idle")) {
			for (int i = 0; i < ANSWERS; i++) {
				answers.add(a.client().connect(path(run, i)));
			}
			answers.forEach((answer) -> answer.awaitEvent("token", Duration.ofSeconds(30)));
			List<EventSourceTestStream> followers = new ArrayList<>();
			for (int i = 0; i < ANSWERS; i++) {
				followers.add(b.client().connect(path(run, i)));
			}
			followers.forEach((follower) -> follower.awaitEvent("token", Duration.ofSeconds(30)));
			answers.addAll(followers);
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
			List<String> wrong = new ArrayList<>();
			for (EventSourceTestStream follower : followers) {
				follower.awaitCompletion();
				List<Integer> tokens = follower.events()
					.stream()
					.filter((event) -> event.name().equals("token"))
					.map((event) -> Integer.parseInt(event.data().substring(event.data().indexOf(':') + 1)))
					.toList();
				if (!tokens.equals(IntStream.range(0, TOKENS).boxed().toList())) {
					wrong.add(tokens.size() + " tokens: " + tokens);
				}
			}
			assertThat(wrong).as("followers that missed or doubled tokens").isEmpty();
			IntStream.range(0, ANSWERS)
				.forEach((i) -> assertThat(DeliveryEndpoints.answersStarted.get(run + "-" + i)).hasValue(1));
		}
		finally {
			answers.forEach(EventSourceTestStream::close);
		}
	}

	private static String path(String run, int i) {
		// a token every 100 ms: 2,000 events a second in all, for 20 s
		return "/answers/" + run + "-" + i + "?tokens=" + TOKENS + "&millis=100";
	}

	/**
	 * The longest time between two heartbeats of a stream, as polled.
	 */
	private static final class Gaps {

		private final EventSourceTestStream stream;

		private int seen;

		private long lastNanos = System.nanoTime();

		private long longest;

		private int heartbeats;

		Gaps(EventSourceTestStream stream) {
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
