package io.github.eventsource.autoconfigure.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.eventsource.core.internal.LogBounds;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis side of the cluster mode: the one timeline of positions of the cluster, the
 * delivery log that every instance reads from its last position (a Redis Stream of every
 * event of every target), one Redis Stream per replaying path, group or user that keeps
 * its history with an index of application ids, and the presence of instances. Every log
 * is bounded in events, bytes and age and every key expires; no call scans a log.
 * <p>
 * Keys are the prefix, then the kind and the name of a target between braces (a Redis
 * Cluster hash tag, braces and {@code %} in names percent-encoded), then the role of the
 * key: names cannot collide.
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

	/**
	 * The kind of an entry of the delivery log to one session.
	 */
	static final String SESSION = "SESSION";

	private static final byte[] KIND = bytes("k");

	private static final byte[] NAME = bytes("n");

	private static final byte[] FRAME = bytes("f");

	private static final byte[] EPOCH = bytes("e");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PUBLISH = script("entries.lua", "publish.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAY = script("entries.lua", "replay.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> HEARTBEAT = script("heartbeat.lua");

	private final RedisTemplate<byte[], byte[]> redis;

	private final String keyPrefix;

	private final byte[] timelineKey;

	private final byte[] deliveryKey;

	private final byte[] instancesKey;

	private final LogBounds histories;

	private final List<byte[]> boundArgs;

	private volatile @Nullable String epoch;

	private final RedisClock clock = new RedisClock();

	private final RedisOutage outage = new RedisOutage();

	/**
	 * Create a log.
	 * @param connectionFactory the Redis connections of the cluster mode
	 * @param keyPrefix the prefix of the keys and of the channel
	 * @param histories the bounds of each history
	 * @param deliveryLog the bounds of the delivery log
	 */
	RedisEventLog(RedisConnectionFactory connectionFactory, String keyPrefix, LogBounds histories,
			LogBounds deliveryLog) {
		this.redis = RedisClusterConnection.bytesTemplate(connectionFactory);
		this.keyPrefix = keyPrefix;
		this.timelineKey = bytes(keyPrefix + "timeline");
		this.deliveryKey = bytes(keyPrefix + "log");
		this.instancesKey = bytes(keyPrefix + "instances");
		this.histories = histories;
		this.boundArgs = List.of(number(histories.maxEvents()), number(histories.maxBytes()),
				maxAge(histories), number(deliveryLog.maxEvents()),
				number(deliveryLog.maxBytes()), maxAge(deliveryLog));
	}

	/**
	 * Return the bounds of the delivery log with the defaults of the
	 * {@code eventsource.cluster.redis.outbox-size} and
	 * {@code eventsource.replay.max-total-bytes} properties; its maximum age, 30 seconds,
	 * is how far an instance may fall behind.
	 * @return the bounds
	 */
	static LogBounds deliveryLogBounds() {
		return new LogBounds(10_000, 64 * 1024 * 1024, Duration.ofSeconds(30));
	}

	/**
	 * Return this instance's estimate of Redis' clock, which deadlines of events are in.
	 * @return the clock
	 */
	RedisClock clock() {
		return this.clock;
	}

	/**
	 * Return what counts and logs the failures of calls to Redis.
	 * @return the outage
	 */
	RedisOutage outage() {
		return this.outage;
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
	 * Return the epoch of the timeline as this instance last saw it.
	 * @return the epoch, or {@code null} before the first call that read it
	 */
	@Nullable String epoch() {
		return this.epoch;
	}

	/**
	 * Append events to the delivery log, in one atomic step, each at the next position of
	 * the timeline; events of replaying targets are kept in their target's history too.
	 * @param events the events, in the order to append them
	 * @return per event, its position or {@link #REFUSED}
	 */
	List<Long> publish(List<RedisOutbox.Outgoing> events) {
		List<byte[]> keys = new ArrayList<>(2 + events.size() * 3);
		keys.add(this.timelineKey);
		keys.add(this.deliveryKey);
		List<byte[]> args = new ArrayList<>(7 + events.size() * 6);
		args.add(bytes(ClusterEventId.newEpoch()));
		args.addAll(this.boundArgs);
		for (RedisOutbox.Outgoing event : events) {
			if (event.replays()) {
				addHistoryKeys(keys, event.target());
			}
			args.add(number(event.deadlineMicros()));
			args.add(bytes(event.replays() ? "1" : "0"));
			args.add(bytes(event.toSession() ? SESSION : event.target().kind().name()));
			args.add(bytes(event.target().name()));
			args.add(event.frame());
			args.add(bytes((event.id() != null) ? event.id() : ""));
		}
		List<?> result = this.redis.execute(PUBLISH, keys, args.toArray());
		if (result == null || result.size() != events.size() + 1) {
			throw new IllegalStateException("The publish script returned " + result);
		}
		this.epoch = text(result.get(0));
		return result.subList(1, result.size()).stream().map(RedisEventLog::number).toList();
	}

	/**
	 * Read what a client missed in the histories of the given targets, at most the given
	 * bytes, without scanning: one look-up per target in its index for an application id.
	 * @param targets the replaying targets the client's stream listens to
	 * @param epoch the epoch of the client's last event id, or {@code null} if the id is
	 * the application's own
	 * @param last the position of the client's last event id, or the application's id
	 * @param maxBytes the most bytes of events the replay may hold
	 * @return the events, or {@code null} if the client must reset
	 */
	@Nullable Replayed replay(List<RedisTarget> targets, @Nullable String epoch, String last, long maxBytes) {
		List<byte[]> keys = new ArrayList<>(1 + targets.size() * 3);
		keys.add(this.timelineKey);
		targets.forEach((target) -> addHistoryKeys(keys, target));
		List<?> result = this.redis.execute(REPLAY, keys, bytes((epoch != null) ? epoch : ""), bytes(last),
				maxAge(this.histories), number(maxBytes),
				number(this.histories.maxEvents()));
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
	 * Return the last position of the timeline, where an instance that starts reading the
	 * delivery log begins.
	 * @return the position, {@code 0} if the timeline is empty
	 */
	long end() {
		byte[] position = this.redis.<byte[], byte[]>opsForHash().get(this.timelineKey, bytes("position"));
		return (position != null) ? number(position) : 0;
	}

	/**
	 * Return the position of the newest event trimmed from the delivery log: a reader
	 * whose position is older missed the events trimmed after it.
	 * @return the position, {@code 0} if none was trimmed
	 */
	long trimmed() {
		byte[] position = this.redis.<byte[], byte[]>opsForHash().get(this.timelineKey, bytes("dropped"));
		return (position != null) ? number(position) : 0;
	}

	/**
	 * Open a connection for {@link #read reads} of the delivery log; the caller closes it.
	 * @return the connection
	 */
	RedisConnection openConnection() {
		RedisConnectionFactory connectionFactory = this.redis.getConnectionFactory();
		Assert.state(connectionFactory != null, "No connection factory");
		return connectionFactory.getConnection();
	}

	/**
	 * Read the delivery log after a position, waiting up to the given time for an entry
	 * when there is none. The entries tell the {@link #epoch()} they were appended in.
	 * @param connection a connection of the reader's own, from {@link #openConnection()}:
	 * the read blocks it
	 * @param after the position of the last entry read
	 * @param count the most entries to read
	 * @param block how long to wait for an entry
	 * @return the entries, oldest first; empty if none came in time
	 */
	List<Entry> read(RedisConnection connection, long after, int count, Duration block) {
		List<ByteRecord> records = connection.streamCommands()
			.xRead(StreamReadOptions.empty().count(count).block(block),
					StreamOffset.create(this.deliveryKey, ReadOffset.from(after + "-0")));
		if (records == null) {
			return List.of();
		}
		List<Entry> entries = new ArrayList<>(records.size());
		for (ByteRecord record : records) {
			Map<byte[], byte[]> fields = record.getValue();
			byte[] kind = null;
			byte[] name = null;
			byte[] frame = null;
			for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
				if (Arrays.equals(field.getKey(), KIND)) {
					kind = field.getValue();
				}
				else if (Arrays.equals(field.getKey(), NAME)) {
					name = field.getValue();
				}
				else if (Arrays.equals(field.getKey(), FRAME)) {
					frame = field.getValue();
				}
				else if (Arrays.equals(field.getKey(), EPOCH)) {
					this.epoch = text(field.getValue());
				}
			}
			if (kind == null || name == null || frame == null) {
				throw new IllegalStateException("Not an entry of the event source delivery log: " + record.getId());
			}
			entries.add(new Entry(record.getId().getTimestamp(), text(kind), text(name), frame));
		}
		return entries;
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

	private void addHistoryKeys(List<byte[]> keys, RedisTarget target) {
		String tag = this.keyPrefix + "{" + target.kind().name().toLowerCase(Locale.ROOT) + ":"
				+ encode(target.name()) + "}:";
		keys.add(bytes(tag + "history"));
		keys.add(bytes(tag + "facts"));
		keys.add(bytes(tag + "ids"));
	}

	private static String encode(String name) {
		return name.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
	}

	@SuppressWarnings("rawtypes")
	/**
	 * Return a script made of the given resources, in order.
	 */
	private static RedisScript<List> script(String... names) {
		StringBuilder text = new StringBuilder();
		for (String name : names) {
			try (InputStream resource = new ClassPathResource(name, RedisEventLog.class).getInputStream()) {
				text.append(StreamUtils.copyToString(resource, StandardCharsets.UTF_8)).append('\n');
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the script " + name, ex);
			}
		}
		return RedisScript.of(text.toString(), List.class);
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return Long.parseLong(new String((byte[]) value, StandardCharsets.UTF_8));
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	private static byte[] number(long value) {
		return bytes(Long.toString(value));
	}

	/**
	 * The maximum age of bounds as a script argument: milliseconds, at least one.
	 */
	private static byte[] maxAge(LogBounds bounds) {
		return number(Math.max(1, bounds.maxAge().toMillis()));
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

	/**
	 * An entry of the delivery log.
	 *
	 * @param position its position in the timeline
	 * @param kind the kind of target: a
	 * {@link io.github.eventsource.broadcast.internal.ChannelRegistry.Kind} name or
	 * {@link #SESSION}
	 * @param name the path, group, user or session id
	 * @param frame the encoded event
	 */
	record Entry(long position, String kind, String name, byte[] frame) {
	}

}
