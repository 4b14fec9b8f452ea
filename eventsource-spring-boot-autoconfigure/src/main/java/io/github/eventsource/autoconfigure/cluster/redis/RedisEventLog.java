package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis side of the cluster mode: the pub/sub channel every instance listens to, and
 * one Redis Stream per path or group that keeps its replay history, trimmed to the
 * maximum number and age of events.
 * <p>
 * Thread-safe. Every method makes one round trip to Redis and throws a
 * {@link DataAccessException} when Redis cannot be reached.
 */
final class RedisEventLog {

	private static final RedisSerializer<byte[]> BYTES = RedisSerializer.byteArray();

	private static final RedisScript<byte[]> APPEND = RedisScript
		.of(new ClassPathResource("append.lua", RedisEventLog.class), byte[].class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAY = RedisScript
		.of(new ClassPathResource("replay.lua", RedisEventLog.class), List.class);

	private final RedisTemplate<byte[], byte[]> redis = new RedisTemplate<>();

	private final String keyPrefix;

	private final String channel;

	private final byte[] channelBytes;

	private final byte[] maxEvents;

	private final byte[] maxAgeMillis;

	/**
	 * Create a log.
	 * @param connectionFactory the Redis connections
	 * @param keyPrefix the prefix of the keys and of the channel
	 * @param maxEvents the maximum number of events kept per path or group
	 * @param maxAge the maximum age of events kept
	 */
	RedisEventLog(RedisConnectionFactory connectionFactory, String keyPrefix, int maxEvents, Duration maxAge) {
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(BYTES);
		this.redis.setValueSerializer(BYTES);
		this.redis.afterPropertiesSet();
		this.keyPrefix = keyPrefix;
		this.channel = channel(keyPrefix);
		this.channelBytes = bytes(this.channel);
		this.maxEvents = bytes(Integer.toString(maxEvents));
		this.maxAgeMillis = bytes(Long.toString(maxAge.toMillis()));
	}

	/**
	 * Return the pub/sub channel of the instances that share a key prefix.
	 * @param keyPrefix the key prefix
	 * @return the channel name
	 */
	static String channel(String keyPrefix) {
		return keyPrefix + "events";
	}

	/**
	 * Publish a message to every instance, without history.
	 * @param message the message
	 */
	void publish(ClusterMessage message) {
		this.redis.convertAndSend(this.channel, message.toBytes());
	}

	/**
	 * Give an event the next position of its path or group, keep it in the history and
	 * publish it to every instance, in one atomic step.
	 * @param kind the kind of target, a path or a group
	 * @param name the path or group
	 * @param head the message head of the event
	 * @param body the encoded event without an id line
	 * @param id the application's event id, or {@code null} to use the position
	 * @return the position of the event
	 */
	long append(Kind kind, String name, byte[] head, byte[] body, @Nullable String id) {
		byte[] position = this.redis.execute(APPEND, List.of(historyKey(kind, name)), this.channelBytes,
				head, body, bytes((id != null) ? id : ""), this.maxEvents, this.maxAgeMillis);
		if (position == null) {
			throw new IllegalStateException("The append script returned nothing");
		}
		return Long.parseLong(new String(position, StandardCharsets.UTF_8));
	}

	/**
	 * Read the events of a path or group after a last event id.
	 * @param kind the kind of target, a path or a group
	 * @param name the path or group
	 * @param lastEventId the client's last event id
	 * @return the events, or {@code null} if the id is not in the history
	 */
	@Nullable Replayed replay(Kind kind, String name, String lastEventId) {
		List<?> result = this.redis.execute(REPLAY, List.of(historyKey(kind, name)),
				bytes(lastEventId), this.maxAgeMillis);
		if (result == null || result.isEmpty()) {
			return null;
		}
		long upTo = position(result.get(0));
		List<byte[]> frames = new ArrayList<>(result.size() / 2);
		for (int i = 1; i + 1 < result.size(); i += 2) {
			upTo = position(result.get(i));
			frames.add((byte[]) result.get(i + 1));
		}
		return new Replayed(frames, upTo);
	}

	private byte[] historyKey(Kind kind, String name) {
		return bytes(this.keyPrefix + "history:" + kind.name().toLowerCase() + ":" + name);
	}

	private static long position(Object value) {
		return Long.parseLong(new String((byte[]) value, StandardCharsets.UTF_8));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The events a client missed.
	 *
	 * @param frames the encoded events, oldest first
	 * @param upTo the position of the last of them, or of the client's last event
	 */
	record Replayed(List<byte[]> frames, long upTo) {
	}

}
