package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.autoconfigure.cluster.redis.RedisOutbox.Outgoing;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.core.internal.LogBounds;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisEventLog} and its scripts on a real Redis: one timeline for every
 * target, replay merged across targets, trimming by count and age, foreign ids, deadlines
 * and the presence of instances.
 */
class RedisEventLogIntegrationTests {

	private static final RedisTarget FEED = new RedisTarget(Kind.PATH, "/feed");

	private static final RedisTarget STAFF = new RedisTarget(Kind.GROUP, "staff");

	private static final RedisTarget ALICE = new RedisTarget(Kind.USER, "alice");

	private LettuceConnectionFactory connectionFactory;

	private String keyPrefix;

	private RedisEventLog log;

	@BeforeEach
	void connect() {
		this.connectionFactory = RedisServers.sharedConnectionFactory();
		this.keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		this.log = new RedisEventLog(this.connectionFactory, this.keyPrefix,
				new LogBounds(3, 1000, Duration.ofSeconds(1)), new LogBounds(5, 2000, Duration.ofSeconds(30)));
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Test
	void positionsOfEveryTargetComeFromOneSequence() {
		List<Long> positions = this.log.publish(List.of(event(FEED, "a", null), event(STAFF, "b", null),
				event(ALICE, "c", null), event(FEED, "d", null)));
		assertThat(positions).hasSize(4).isSorted().doesNotHaveDuplicates();
		long next = publish(STAFF, "e", null);
		assertThat(next).isGreaterThan(positions.get(3));
	}

	@Test
	void replayMergesTheHistoriesOfEveryTargetInPositionOrder() {
		long first = publish(FEED, "a", null);
		publish(STAFF, "b", null);
		publish(ALICE, "not listened to", null);
		publish(FEED, "c", null);
		long last = publish(STAFF, "d", null);
		Replayed replayed = replay(List.of(FEED, STAFF), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::data).containsExactly("b", "c", "d");
		assertThat(replayed.frames().get(0)).asString(StandardCharsets.UTF_8).startsWith("id: " + epoch() + "-");
		assertThat(replayed.upTo()).isEqualTo(last);
		Replayed none = replay(List.of(FEED, STAFF), id(last));
		assertThat(none).isNotNull();
		assertThat(none.frames()).isEmpty();
	}

	@Test
	void replayCoversTheWholeTimelineAtTheTimeOfTheRead() {
		long first = publish(FEED, "a", null);
		long other = publish(ALICE, "for another target", null);
		Replayed replayed = replay(List.of(FEED), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).isEmpty();
		assertThat(replayed.upTo()).isEqualTo(other);
	}

	@Test
	void resetsWhenATargetDroppedEventsAfterTheLastEventId() {
		long first = publish(FEED, "a", null);
		publish(STAFF, "b", null);
		long staffFirst = publish(STAFF, "c", null);
		assertThat(replay(List.of(FEED, STAFF), id(first))).isNotNull();
		publish(STAFF, "d", null);
		publish(STAFF, "e", null);
		// staff keeps three events: b was dropped, after the client's last event
		assertThat(replay(List.of(FEED, STAFF), id(first))).isNull();
		assertThat(replay(List.of(FEED, STAFF), id(staffFirst))).isNotNull();
	}

	@Test
	void resetsOnceEventsAfterTheLastEventIdAreOlderThanTheMaximumAge() {
		long first = publish(FEED, "a", null);
		publish(FEED, "b", null);
		assertThat(replay(List.of(FEED), id(first))).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> replay(List.of(FEED), id(first)) == null);
	}

	@Test
	void resetsForIdsOfAnotherEpochOrUnknown() {
		long first = publish(FEED, "a", null);
		assertThat(replay(List.of(FEED), "zzzzzzzz-" + first)).isNull();
		assertThat(replay(List.of(FEED), id(first + 1_000_000_000))).isNull();
		assertThat(replay(List.of(FEED), "no-such-id")).isNull();
		assertThat(replay(List.of(FEED), Long.toString(first))).isNull();
	}

	@Test
	void findsApplicationIdsAndKeepsThemInTheFrames() {
		publish(FEED, "a", "x-1");
		long second = publish(FEED, "b", "x-2");
		Replayed replayed = replay(List.of(FEED, STAFF), "x-1");
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::text)
			.containsExactly("id: x-2\ndata: b\n\n");
		assertThat(replayed.upTo()).isEqualTo(second);
	}

	@Test
	void refusesEventsPastTheirDeadlineAndKeepsThemOutOfTheHistory() {
		long first = publish(FEED, "a", null);
		long now = RedisClock.localMicros();
		List<Long> positions = this.log.publish(List.of(new Outgoing(FEED, false, true, frame("late"),
				null, now - 1_000_000), event(FEED, "on time", null)));
		assertThat(positions.get(0)).isEqualTo(RedisEventLog.REFUSED);
		Replayed replayed = replay(List.of(FEED), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::data).containsExactly("on time");
	}

	@Test
	void boundsEveryHistoryInBytesKeepingItsNewestEvent() {
		String kilobyte = "k".repeat(1000);
		long first = publish(FEED, "small", null);
		publish(FEED, "0123456789", null);
		long big = publish(FEED, kilobyte + "1", null);
		// the history holds at most 1000 bytes: only the event that exceeds them alone is left
		assertThat(replay(List.of(FEED), id(first))).isNull();
		Replayed replayed = replay(List.of(FEED), id(big - 1), 1_000_000);
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::data).containsExactly(kilobyte + "1");
		assertThat(redis().opsForStream().size(this.keyPrefix + "{path:/feed}:history")).isOne();
	}

	@Test
	void resetsWhenMoreWasMissedThanAReplayMayHold() {
		long first = publish(FEED, "a", null);
		publish(FEED, "b".repeat(100), null);
		publish(FEED, "c".repeat(100), null);
		assertThat(replay(List.of(FEED), id(first), 1000)).isNotNull();
		assertThat(replay(List.of(FEED), id(first), 150)).isNull();
	}

	@Test
	void forgetsTheApplicationIdsOfEventsNoLongerKept() {
		publish(FEED, "a", "x-1");
		publish(FEED, "b", "x-2");
		assertThat(redis().opsForHash().size(this.keyPrefix + "{path:/feed}:ids")).isEqualTo(2);
		publish(FEED, "c", null);
		publish(FEED, "d", null);
		assertThat(replay(List.of(FEED), "x-1")).isNull();
		assertThat(redis().opsForHash().keys(this.keyPrefix + "{path:/feed}:ids")).containsExactly("x-2");
	}

	@Test
	void everyKeyExpires() {
		publish(FEED, "a", "x-1");
		publish(STAFF, "b", null);
		this.log.publish(List.of(new Outgoing(new RedisTarget(Kind.PATH, "/plain"), false, false, frame("c"), null,
				RedisClock.localMicros() + 10_000_000)));
		Set<String> keys = redis().keys(this.keyPrefix + "*");
		assertThat(keys).hasSize(7);
		assertThat(keys).allSatisfy((key) -> assertThat(redis().getExpire(key)).isPositive());
	}

	@Test
	void keyNamesOfDifferentTargetsNeverCollide() {
		RedisTarget braces = new RedisTarget(Kind.PATH, "/feed}:history");
		publish(braces, "a", null);
		publish(FEED, "b", null);
		assertThat(redis().keys(this.keyPrefix + "{path:*")).contains(this.keyPrefix + "{path:/feed%7D:history}:history",
				this.keyPrefix + "{path:/feed}:history");
	}

	@Test
	void deliveryLogIsReadFromAPositionInOrderAndBounded() {
		long start = this.log.end();
		List<Long> positions = this.log.publish(List.of(event(FEED, "a", null), event(STAFF, "b", null),
				new Outgoing(new RedisTarget(Kind.USER, "session-1"), true, false, frame("c"), null,
						RedisClock.localMicros() + 10_000_000)));
		List<RedisEventLog.Entry> entries = read(start, 2, Duration.ofMillis(100));
		assertThat(entries).extracting(RedisEventLog.Entry::position).containsExactly(positions.get(0), positions.get(1));
		assertThat(entries).extracting(RedisEventLog.Entry::kind).containsExactly("PATH", "GROUP");
		List<RedisEventLog.Entry> rest = read(positions.get(1), 10, Duration.ofMillis(100));
		assertThat(rest).extracting(RedisEventLog.Entry::kind, RedisEventLog.Entry::name)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(RedisEventLog.SESSION, "session-1"));
		assertThat(read(positions.get(2), 10, Duration.ofMillis(100))).isEmpty();
		assertThat(this.log.epoch()).isEqualTo(epoch());
		for (int i = 0; i < 10; i++) {
			publish(FEED, "more-" + i, null);
		}
		assertThat(redis().opsForStream().size(this.keyPrefix + "log")).isEqualTo(5);
	}

	@Test
	void timelineLostByRedisGetsANewEpoch() {
		long first = publish(FEED, "a", null);
		String before = epoch();
		redis().delete(this.keyPrefix + "timeline");
		publish(FEED, "b", null);
		assertThat(epoch()).isNotEqualTo(before);
		assertThat(replay(List.of(FEED), before + "-" + first)).isNull();
	}

	@Test
	void countsTheInstancesAliveAndForgetsThoseThatStopRenewing() {
		this.log.heartbeat("killed", 7, Duration.ofMillis(300));
		RedisEventLog.Presence presence = this.log.heartbeat("alive", 2, Duration.ofSeconds(10));
		assertThat(presence.instances()).isEqualTo(2);
		assertThat(presence.streams()).isEqualTo(9);
		assertThat(presence.redisMicros()).isCloseTo(RedisClock.localMicros(), org.assertj.core.data.Offset.offset(5_000_000L));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			RedisEventLog.Presence later = this.log.heartbeat("alive", 2, Duration.ofSeconds(10));
			assertThat(later.instances()).isOne();
			assertThat(later.streams()).isEqualTo(2);
		});
		this.log.leave("alive");
		assertThat(this.log.heartbeat("other", 0, Duration.ofSeconds(10)).instances()).isOne();
	}

	private long publish(RedisTarget target, String data, @Nullable String id) {
		return this.log.publish(List.of(event(target, data, id))).get(0);
	}

	private static Outgoing event(RedisTarget target, String data, @Nullable String id) {
		return new Outgoing(target, false, true, frame(data), id, RedisClock.localMicros() + 10_000_000);
	}

	private @Nullable Replayed replay(List<RedisTarget> targets, String lastEventId) {
		return replay(targets, lastEventId, 1_000_000);
	}

	private @Nullable Replayed replay(List<RedisTarget> targets, String lastEventId, long maxBytes) {
		ClusterEventId id = ClusterEventId.parse(lastEventId);
		return (id != null) ? this.log.replay(targets, id.epoch(), Long.toString(id.position()), maxBytes)
				: this.log.replay(targets, null, lastEventId, maxBytes);
	}

	private List<RedisEventLog.Entry> read(long after, int count, Duration block) {
		try (org.springframework.data.redis.connection.RedisConnection connection = this.log.openConnection()) {
			return this.log.read(connection, after, count, block);
		}
	}

	private StringRedisTemplate redis() {
		return new StringRedisTemplate(this.connectionFactory);
	}

	private static byte[] frame(String data) {
		return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private String epoch() {
		Object epoch = redis().opsForHash().get(this.keyPrefix + "timeline", "epoch");
		assertThat(epoch).isNotNull();
		return epoch.toString();
	}

	private String id(long position) {
		return epoch() + "-" + position;
	}

	private static String text(byte[] frame) {
		return new String(frame, StandardCharsets.UTF_8);
	}

	private static String data(byte[] frame) {
		String text = text(frame);
		return text.substring(text.indexOf("data: ") + 6, text.length() - 2);
	}

}
