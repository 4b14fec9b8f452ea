package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis side of the cluster mode: the pub/sub channel every instance listens to, the
 * one sequence of positions of the cluster (its timeline), one Redis Stream per replaying
 * path, group or user that keeps its history (trimmed to the maximum number and age of
 * events), and the presence of instances.
 * <p>
 * Thread-safe. Every method makes one round trip to Redis and throws a
 * {@link DataAccessException} when Redis cannot be reached or does not answer in time.
 */
final class RedisEventLog {

	/**
	 * The result of {@link #publish(List)} for an event refused because its deadline
	 * had passed when Redis ran the script.
	 */
	static final long REFUSED = -1;

	private static final RedisSerializer<byte[]> BYTES = RedisSerializer.byteArray();

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PUBLISH = script("publish.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAY = script("replay.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> HEARTBEAT = script("heartbeat.lua");

	private final RedisTemplate<byte[], byte[]> redis = new RedisTemplate<>();

	private final String keyPrefix;

	private final byte[] timelineKey;

	private final byte[] instancesKey;

	private final byte[] channel;

	private final byte[] epoch = bytes(ClusterEventId.newEpoch());

	private final byte[] maxEvents;

	private final byte[] maxAgeMillis;

	/**
	 * Create a log.
	 * @param connectionFactory the Redis connections of the cluster mode
	 * @param keyPrefix the prefix of the keys and of the channel
	 * @param maxEvents the maximum number of events kept per target
	 * @param maxAge the maximum age of events kept
	 */
	RedisEventLog(RedisConnectionFactory connectionFactory, String keyPrefix, int maxEvents, Duration maxAge) {
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(BYTES);
		this.redis.setValueSerializer(BYTES);
		this.redis.afterPropertiesSet();
		this.keyPrefix = keyPrefix;
		this.timelineKey = bytes(keyPrefix + "timeline");
		this.instancesKey = bytes(keyPrefix + "instances");
		this.channel = bytes(channel(keyPrefix));
		this.maxEvents = bytes(Integer.toString(maxEvents));
		this.maxAgeMillis = bytes(Long.toString(Math.max(1, maxAge.toMillis())));
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
	 * Publish events to every instance, in one atomic step: events of replaying targets
	 * get the next positions of the timeline and are kept in their target's history.
	 * @param events the events, in the order to publish them
	 * @return per event, its position, {@code 0} for one published without a position,
	 * or {@link #REFUSED}
	 */
	List<Long> publish(List<RedisOutbox.Outgoing> events) {
		List<byte[]> keys = new ArrayList<>(1 + events.size() * 2);
		keys.add(this.timelineKey);
		List<byte[]> args = new ArrayList<>(4 + events.size() * 5);
		args.add(this.channel);
		args.add(this.epoch);
		args.add(this.maxEvents);
		args.add(this.maxAgeMillis);
		for (RedisOutbox.Outgoing event : events) {
			if (event.replays()) {
				keys.add(historyKey(event.target()));
				keys.add(factsKey(event.target()));
			}
			args.add(bytes(Long.toString(event.deadlineMicros())));
			args.add(bytes(event.replays() ? "1" : "0"));
			args.add(event.head());
			args.add(event.frame());
			args.add(bytes((event.id() != null) ? event.id() : ""));
		}
		List<?> result = this.redis.execute(PUBLISH, keys, args.toArray());
		if (result == null || result.size() != events.size()) {
			throw new IllegalStateException("The publish script returned " + result);
		}
		return result.stream().map(RedisEventLog::number).toList();
	}

	/**
	 * Read what a client missed in the histories of the given targets.
	 * @param targets the replaying targets the client's stream listens to
	 * @param lastEventId the client's last event id
	 * @return the events, or {@code null} if the client must reset
	 */
	@Nullable Replayed replay(List<RedisTarget> targets, String lastEventId) {
		List<byte[]> keys = new ArrayList<>(1 + targets.size() * 2);
		keys.add(this.timelineKey);
		for (RedisTarget target : targets) {
			keys.add(historyKey(target));
			keys.add(factsKey(target));
		}
		ClusterEventId id = ClusterEventId.parse(lastEventId);
		byte[] epoch = bytes((id != null) ? id.epoch() : "");
		byte[] last = bytes((id != null) ? Long.toString(id.position()) : lastEventId);
		List<?> result = this.redis.execute(REPLAY, keys, epoch, last, this.maxAgeMillis);
		if (result == null || result.isEmpty()) {
			return null;
		}
		long upTo = number(result.get(0));
		List<byte[]> frames = new ArrayList<>(result.size() / 2);
		for (int i = 1; i + 1 < result.size(); i += 2) {
			frames.add((byte[]) result.get(i + 1));
		}
		return new Replayed(frames, upTo);
	}

	/**
	 * Renew the presence of an instance and count the instances alive.
	 * @param instance the instance id
	 * @param streams its number of open streams
	 * @param ttl how long its presence lasts without renewal
	 * @return Redis' clock and the instances alive
	 */
	Presence heartbeat(String instance, int streams, Duration ttl) {
		List<?> result = this.redis.execute(HEARTBEAT, List.of(this.instancesKey), bytes(instance),
				bytes(Integer.toString(streams)), bytes(Long.toString(ttl.toMillis())));
		if (result == null || result.size() != 4) {
			throw new IllegalStateException("The heartbeat script returned " + result);
		}
		long micros = number(result.get(0)) * 1_000_000 + number(result.get(1));
		return new Presence(micros, (int) number(result.get(2)), number(result.get(3)));
	}

	/**
	 * Forget the presence of an instance, as it stops.
	 * @param instance the instance id
	 */
	void leave(String instance) {
		this.redis.opsForHash().delete(this.instancesKey, bytes(instance));
	}

	private byte[] historyKey(RedisTarget target) {
		return bytes(this.keyPrefix + "history:" + target.keySuffix());
	}

	private byte[] factsKey(RedisTarget target) {
		return bytes(this.keyPrefix + "facts:" + target.keySuffix());
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource(name, RedisEventLog.class), List.class);
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return Long.parseLong(new String((byte[]) value, StandardCharsets.UTF_8));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The events a client missed.
	 *
	 * @param frames the encoded events, oldest first
	 * @param upTo the last position of the timeline when they were read: live events at
	 * or before it are in the frames or for other targets
	 */
	record Replayed(List<byte[]> frames, long upTo) {
	}

	/**
	 * What a heartbeat learnt.
	 *
	 * @param redisMicros Redis' clock, in microseconds since the epoch
	 * @param instances the number of instances alive
	 * @param streams their number of open streams
	 */
	record Presence(long redisMicros, int instances, long streams) {
	}

}
