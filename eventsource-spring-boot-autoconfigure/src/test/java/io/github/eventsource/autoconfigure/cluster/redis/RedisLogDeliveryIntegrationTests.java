package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances in cluster mode deliver by reading the Redis log: connections lost to
 * Redis (pub/sub and the readers' own) delay events and lose none.
 */
class RedisLogDeliveryIntegrationTests {

	private static final String PATH = "/feed/counter";

	private static final int VALUES = 1000;

	@Test
	void everyReaderOnEveryInstanceGetsEveryValueOnceInOrderThroughLostConnections() throws Exception {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		try (ClusterInstance a = ClusterInstance.start(url, keyPrefix);
				ClusterInstance b = ClusterInstance.start(url, keyPrefix);
				RedisCommandsConnection redis = new RedisCommandsConnection(url);
				EventSourceTestStream a1 = a.connect(PATH);
				EventSourceTestStream a2 = a.connect(PATH);
				EventSourceTestStream b1 = b.connect(PATH);
				EventSourceTestStream b2 = b.connect(PATH)) {
			AtomicInteger next = new AtomicInteger();
			CountDownLatch sent = new CountDownLatch(1);
			scheduler.scheduleAtFixedRate(() -> {
				int value = next.getAndIncrement();
				if (value < VALUES) {
					a.template().broadcast(PATH, EventSourceEvent.of(Integer.toString(value)));
				}
				else if (value == VALUES) {
					sent.countDown();
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			AtomicLong killed = new AtomicLong();
			CountDownLatch kills = new CountDownLatch(2);
			for (long at : new long[] { 5, 12 }) {
				scheduler.schedule(() -> {
					killed.addAndGet(redis.killReadersAndSubscribers());
					kills.countDown();
				}, at, TimeUnit.SECONDS);
			}
			assertThat(sent.await(60, TimeUnit.SECONDS)).isTrue();
			assertThat(kills.await(1, TimeUnit.SECONDS)).isTrue();
			// two readers and two subscriptions, killed twice
			assertThat(killed.get()).isGreaterThanOrEqualTo(8);
			List<String> expected = IntStream.range(0, VALUES).mapToObj(Integer::toString).toList();
			for (EventSourceTestStream stream : List.of(a1, a2, b1, b2)) {
				assertThat(stream.awaitEvents(VALUES, Duration.ofSeconds(30))).extracting(ReceivedEvent::data)
					.containsExactlyElementsOf(expected);
			}
			assertThat(a.bean(RedisEventLog.class).outage().publishFailures()).isZero();
		}
		finally {
			scheduler.shutdownNow();
		}
	}

}
