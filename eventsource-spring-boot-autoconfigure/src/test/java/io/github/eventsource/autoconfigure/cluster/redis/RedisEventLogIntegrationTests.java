package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.autoconfigure.cluster.redis.RedisOutbox.Outgoing;
import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
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
		RedisURI uri = RedisURI.create(RedisServers.sharedUrl());
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		this.log = new RedisEventLog(this.connectionFactory, this.keyPrefix, 3, Duration.ofSeconds(1));
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
		Replayed replayed = this.log.replay(List.of(FEED, STAFF), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::data).containsExactly("b", "c", "d");
		assertThat(replayed.frames().get(0)).asString(StandardCharsets.UTF_8).startsWith("id: " + epoch() + "-");
		assertThat(replayed.upTo()).isEqualTo(last);
		Replayed none = this.log.replay(List.of(FEED, STAFF), id(last));
		assertThat(none).isNotNull();
		assertThat(none.frames()).isEmpty();
	}

	@Test
	void replayCoversTheWholeTimelineAtTheTimeOfTheRead() {
		long first = publish(FEED, "a", null);
		long other = publish(ALICE, "for another target", null);
		Replayed replayed = this.log.replay(List.of(FEED), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).isEmpty();
		assertThat(replayed.upTo()).isEqualTo(other);
	}

	@Test
	void resetsWhenATargetDroppedEventsAfterTheLastEventId() {
		long first = publish(FEED, "a", null);
		publish(STAFF, "b", null);
		long staffFirst = publish(STAFF, "c", null);
		assertThat(this.log.replay(List.of(FEED, STAFF), id(first))).isNotNull();
		publish(STAFF, "d", null);
		publish(STAFF, "e", null);
		// staff keeps three events: b was dropped, after the client's last event
		assertThat(this.log.replay(List.of(FEED, STAFF), id(first))).isNull();
		assertThat(this.log.replay(List.of(FEED, STAFF), id(staffFirst))).isNotNull();
	}

	@Test
	void resetsOnceEventsAfterTheLastEventIdAreOlderThanTheMaximumAge() {
		long first = publish(FEED, "a", null);
		publish(FEED, "b", null);
		assertThat(this.log.replay(List.of(FEED), id(first))).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.log.replay(List.of(FEED), id(first)) == null);
	}

	@Test
	void resetsForIdsOfAnotherEpochOrUnknown() {
		long first = publish(FEED, "a", null);
		assertThat(this.log.replay(List.of(FEED), "zzzzzzzz-" + first)).isNull();
		assertThat(this.log.replay(List.of(FEED), id(first + 1_000_000_000))).isNull();
		assertThat(this.log.replay(List.of(FEED), "no-such-id")).isNull();
		assertThat(this.log.replay(List.of(FEED), Long.toString(first))).isNull();
	}

	@Test
	void findsApplicationIdsAndKeepsThemInTheFrames() {
		publish(FEED, "a", "x-1");
		long second = publish(FEED, "b", "x-2");
		Replayed replayed = this.log.replay(List.of(FEED, STAFF), "x-1");
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::text)
			.containsExactly("id: x-2\ndata: b\n\n");
		assertThat(replayed.upTo()).isEqualTo(second);
	}

	@Test
	void refusesEventsPastTheirDeadlineAndKeepsThemOutOfTheHistory() {
		long first = publish(FEED, "a", null);
		long now = RedisClock.localMicros();
		List<Long> positions = this.log.publish(List.of(new Outgoing(FEED, false, true, head(FEED), frame("late"),
				null, now - 1_000_000), event(FEED, "on time", null)));
		assertThat(positions.get(0)).isEqualTo(RedisEventLog.REFUSED);
		Replayed replayed = this.log.replay(List.of(FEED), id(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::data).containsExactly("on time");
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
		return new Outgoing(target, false, true, head(target), frame(data), id,
				RedisClock.localMicros() + 10_000_000);
	}

	private static byte[] head(RedisTarget target) {
		return ClusterMessage.head("test", target.kind().name(), target.name());
	}

	private static byte[] frame(String data) {
		return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private String epoch() {
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		Object epoch = redis.opsForHash().get(this.keyPrefix + "timeline", "epoch");
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
