package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.eventsource.autoconfigure.cluster.redis.RedisOutbox.Outgoing;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.core.internal.LogBounds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisLogReader} on a real Redis: it reads the delivery log in order
 * from a position, and says when it fell behind what the log keeps.
 */
class RedisLogReaderIntegrationTests {

	private LettuceConnectionFactory connectionFactory;

	private RedisEventLog log;

	@BeforeEach
	void connect() {
		this.connectionFactory = RedisServers.sharedConnectionFactory();
		this.log = new RedisEventLog(this.connectionFactory, "eventsource-test-" + UUID.randomUUID() + ":",
				new LogBounds(100, 1_000_000, Duration.ofSeconds(30)), new LogBounds(5, 1_000_000, Duration.ofSeconds(30)));
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Test
	void readsEveryEntryAfterItsPositionInOrder() {
		long start = this.log.end();
		append(0, 4);
		List<String> read = new CopyOnWriteArrayList<>();
		RedisLogReader reader = reader(start, read);
		reader.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> read.size() == 4);
			append(4, 8);
			await().atMost(Duration.ofSeconds(10)).until(() -> read.size() == 8);
			assertThat(read).containsExactlyElementsOf(frames(0, 8));
			assertThat(reader.gaps()).isZero();
		}
		finally {
			reader.stop();
		}
	}

	@Test
	void saysWhenEventsWereTrimmedBeforeItReadThem() {
		long start = this.log.end();
		append(0, 12);
		List<String> read = new CopyOnWriteArrayList<>();
		RedisLogReader reader = reader(start, read);
		reader.start();
		try {
			// the log keeps five
			await().atMost(Duration.ofSeconds(10)).until(() -> read.size() == 5);
			assertThat(read).containsExactlyElementsOf(frames(7, 12));
			assertThat(reader.gaps()).isOne();
		}
		finally {
			reader.stop();
		}
	}

	private RedisLogReader reader(long from, List<String> read) {
		return new RedisLogReader(this.log, new RedisOutage(),
				(entry) -> read.add(new String(entry.frame(), StandardCharsets.UTF_8)), Duration.ofMillis(200),
				Duration.ofMillis(100), from);
	}

	private void append(int from, int to) {
		this.log.publish(IntStream.range(from, to)
			.mapToObj((i) -> new Outgoing(new RedisTarget(Kind.PATH, "/feed"), false, false,
					frames(i, i + 1).get(0).getBytes(StandardCharsets.UTF_8), null,
					RedisClock.localMicros() + 10_000_000))
			.toList());
	}

	private static List<String> frames(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "data: " + i + "\n\n").toList();
	}

}
