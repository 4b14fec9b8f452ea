package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.UUID;

import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance that runs a resumable answer is killed ({@code kill -9}) while another
 * instance follows it: the follower's streams end with the error event within the bound
 * docs/sources.md states (the runner's renewals stand still for 5 s while Redis answers), and
 * the next stream of the path starts a new generation that completes.
 */
class RedisRunnerLossIntegrationTests {

	/**
	 * The bound: 5 s of silence, one second of renewal period and a follow round, and a
	 * margin for a machine shared by many JVMs.
	 */
	private static final Duration BOUND = Duration.ofSeconds(9);

	@Test
	void followersOfAKilledRunnerEndWithTheErrorEventAndTheNextStreamStartsAnew() {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String path = "/answers/" + UUID.randomUUID() + "?tokens=200";
		try (ClusterInstanceProcess runner = ClusterInstanceProcess.start(url, keyPrefix);
				ClusterInstance follower = ClusterInstance.start(url, keyPrefix)) {
			EventSourceTestClient runnerClient = runner.client();
			try (EventSourceTestStream onRunner = runnerClient.connect(path)) {
				onRunner.awaitEvent("token", Duration.ofSeconds(10));
			}
			try (EventSourceTestStream followed = follower.client().connect(path)) {
				followed.awaitEvent("token", Duration.ofSeconds(10));
				runner.kill();
				long killed = System.nanoTime();
				followed.awaitEvent("error", BOUND.plusSeconds(1));
				assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(BOUND);
				assertThat(followed.awaitCompletion().stream().filter((event) -> event.name().equals("done")))
					.isEmpty();
			}
			try (EventSourceTestStream next = follower.client().connect(path)) {
				assertThat(next.awaitCompletion().stream()
					.filter((event) -> event.name().equals("token"))
					.map((event) -> event.data().substring(event.data().indexOf(':') + 1))).hasSize(200);
				assertThat(next.events().get(next.events().size() - 1).name()).isEqualTo("done");
			}
		}
	}

}
