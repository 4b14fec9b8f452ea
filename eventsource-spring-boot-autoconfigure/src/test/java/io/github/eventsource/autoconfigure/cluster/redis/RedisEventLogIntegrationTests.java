package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisEventLog} and its scripts on a real Redis: positions, trimming
 * by count and age, and the lookup of last event ids.
 */
class RedisEventLogIntegrationTests {

	private static final byte[] HEAD = ClusterMessage.head("test", "PATH", "/feed");

	private LettuceConnectionFactory connectionFactory;

	private RedisEventLog log;

	@BeforeEach
	void connect() {
		RedisURI uri = RedisURI.create(RedisServers.sharedUrl());
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.log = new RedisEventLog(this.connectionFactory, "eventsource-test-" + UUID.randomUUID() + ":", 3,
				Duration.ofSeconds(1));
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Test
	void positionsIncreaseAndReplayGivesTheFramesAfterALastEventId() {
		long first = append("a", null);
		long second = append("b", null);
		long third = append("c", null);
		assertThat(second).isGreaterThan(first);
		assertThat(third).isGreaterThan(second);
		Replayed replayed = replay(Long.toString(first));
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::text)
			.containsExactly("id: " + second + "\ndata: b\n\n", "id: " + third + "\ndata: c\n\n");
		assertThat(replayed.upTo()).isEqualTo(third);
		Replayed none = replay(Long.toString(third));
		assertThat(none).isNotNull();
		assertThat(none.frames()).isEmpty();
		assertThat(none.upTo()).isEqualTo(third);
	}

	@Test
	void keepsTheMaximumNumberOfEvents() {
		long first = append("a", null);
		append("b", null);
		append("c", null);
		append("d", null);
		assertThat(replay(Long.toString(first))).isNull();
	}

	@Test
	void forgetsEventsOlderThanTheMaximumAge() {
		long first = append("a", null);
		append("b", null);
		assertThat(replay(Long.toString(first))).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> replay(Long.toString(first)) == null);
	}

	@Test
	void findsApplicationIdsAndKeepsThemInTheFrames() {
		append("a", "x-1");
		long second = append("b", "x-2");
		Replayed replayed = replay("x-1");
		assertThat(replayed).isNotNull();
		assertThat(replayed.frames()).extracting(RedisEventLogIntegrationTests::text)
			.containsExactly("id: x-2\ndata: b\n\n");
		assertThat(replayed.upTo()).isEqualTo(second);
	}

	@Test
	void doesNotFindUnknownIds() {
		long first = append("a", null);
		assertThat(replay("no-such-id")).isNull();
		assertThat(replay(Long.toString(first + 1))).isNull();
		assertThat(replay("99999999999999999999999")).isNull();
	}

	private long append(String data, @Nullable String id) {
		return this.log.append(Kind.PATH, "/feed", HEAD, ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8),
				id);
	}

	private @Nullable Replayed replay(String lastEventId) {
		return this.log.replay(Kind.PATH, "/feed", lastEventId);
	}

	private static String text(byte[] frame) {
		return new String(frame, StandardCharsets.UTF_8);
	}

}
