package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.UUID;

import io.github.eventsource.core.EventSourceEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the cluster mode keeps in Redis is bounded in bytes and age: every key expires,
 * and no history outgrows {@code eventsource.replay.max-bytes}.
 */
class RedisLogBoundsIntegrationTests {

	private static final long MEGABYTE = 1024 * 1024;

	/**
	 * 20,000 rooms of one 4 KB event each with a maximum age of 30 s: every key of a
	 * history expires its maximum age after its last event, the delivery log 30 s after
	 * its last event, so a minute after the last send Redis holds what it held before.
	 */
	@Test
	void redisMemoryReturnsOnceEveryHistoryExpired() {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (ClusterInstance a = ClusterInstance.start(url, keyPrefix, "eventsource.replay.max-age=30s");
				RedisCommandsConnection redis = new RedisCommandsConnection(url)) {
			long before = redis.usedMemory();
			long peak = 0;
			String data = "m".repeat(4096);
			for (int room = 0; room < 20_000; room++) {
				a.template().broadcast("/feed/room-" + room, EventSourceEvent.of(data));
				if (room % 2000 == 1999) {
					await().atMost(Duration.ofSeconds(30)).until(() -> a.bean(RedisOutbox.class).size() < 1000);
					peak = Math.max(peak, redis.usedMemory() - before);
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> a.bean(RedisOutbox.class).size() == 0);
			assertThat(a.bean(RedisEventLog.class).outage().publishFailures()).isZero();
			assertThat(Math.max(peak, redis.usedMemory() - before)).isGreaterThan(20 * MEGABYTE);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> assertThat(redis.usedMemory() - before).isLessThan(5 * MEGABYTE));
			assertThat(redis.sync().keys(keyPrefix + "{*")).isEmpty();
		}
	}

	@Test
	void historyOfOneRoomOfLargeEventsStaysWithinItsMaximumBytes() {
		String url = RedisServers.sharedUrl();
		String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		try (ClusterInstance a = ClusterInstance.start(url, keyPrefix, "eventsource.replay.max-bytes=4MB",
				"eventsource.replay.max-total-bytes=8MB");
				RedisCommandsConnection redis = new RedisCommandsConnection(url)) {
			String history = keyPrefix + "{path:/feed/huge}:history";
			String megabyte = "h".repeat((int) MEGABYTE);
			long largest = 0;
			for (int i = 0; i < 100; i++) {
				a.template().broadcast("/feed/huge", EventSourceEvent.of(i + megabyte));
				await().atMost(Duration.ofSeconds(30)).until(() -> a.bean(RedisOutbox.class).size() == 0);
				Long usage = redis.sync().memoryUsage(history);
				largest = Math.max(largest, (usage != null) ? usage : 0);
			}
			assertThat(a.bean(RedisEventLog.class).outage().publishFailures()).isZero();
			assertThat(redis.sync().xlen(history)).isBetween(3L, 4L);
			assertThat(largest).isGreaterThan(3 * MEGABYTE).isLessThanOrEqualTo(4 * MEGABYTE + 64 * 1024);
			// the delivery log holds at most max-total-bytes of frames; Redis allocates each
			// entry of just over 1 MiB in its allocator's next size class (1.25 MiB)
			long frames = redis.sync()
				.xrange(keyPrefix + "log", io.lettuce.core.Range.create("-", "+"))
				.stream()
				.mapToLong((entry) -> entry.getBody().get("f").length())
				.sum();
			assertThat(frames).isLessThanOrEqualTo(8 * MEGABYTE);
			assertThat(redis.sync().memoryUsage(keyPrefix + "log")).isLessThanOrEqualTo(10 * MEGABYTE + 64 * 1024);
		}
	}

}
