package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.github.eventsource.delivery.DeliveryEndpoints;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in cluster mode: 200 resumable answers run on one, and are followed on the
 * other from their middle on; no stream gets a token twice or out of order (a follower's
 * first catch-up and the follower thread once read the same range and doubled it).
 */
class RedisFollowersIntegrationTests {

	private static final int ANSWERS = 200;

	private static final int TOKENS = 100;


	@Test
	void noStreamGetsATokenTwiceOrOutOfOrder() {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String run = UUID.randomUUID().toString();
		List<EventSourceTestStream> onA = new ArrayList<>();
		List<EventSourceTestStream> onB = new ArrayList<>();
		try (ClusterInstance a = ClusterInstance.start(url, keyPrefix);
				ClusterInstance b = ClusterInstance.start(url, keyPrefix)) {
			long start = System.nanoTime();
			for (int i = 0; i < ANSWERS; i++) {
				onA.add(a.client().connect(path(run, i)));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> System.nanoTime() - start >= Duration.ofMillis(1500).toNanos());
			for (int i = 0; i < ANSWERS; i++) {
				onB.add(b.client().connect(path(run, i)));
			}
			List<String> wrong = new ArrayList<>();
			for (List<EventSourceTestStream> streams : List.of(onA, onB)) {
				for (EventSourceTestStream stream : streams) {
					stream.awaitCompletion();
					List<Integer> indexes = stream.events()
						.stream()
						.filter((event) -> event.name().equals("token"))
						.map((event) -> Integer.parseInt(event.data().substring(event.data().indexOf(':') + 1)))
						.toList();
					if (!indexes.equals(IntStream.range(0, TOKENS).boxed().toList())) {
						wrong.add(((streams == onA) ? "on A " : "on B ") + indexes);
					}
				}
			}
			assertThat(wrong).isEmpty();
			IntStream.range(0, ANSWERS)
				.forEach((i) -> assertThat(DeliveryEndpoints.answersStarted.get(answer(run, i))).hasValue(1));
		}
		finally {
			onA.forEach(EventSourceTestStream::close);
			onB.forEach(EventSourceTestStream::close);
		}
	}

	private static String answer(String run, int i) {
		return run + "-" + i;
	}

	private static String path(String run, int i) {
		return "/answers/" + answer(run, i) + "?tokens=" + TOKENS;
	}

}
