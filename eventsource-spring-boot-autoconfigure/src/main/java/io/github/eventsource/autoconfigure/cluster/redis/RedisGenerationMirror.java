package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.web.internal.GenerationMirror;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The generations of resumable endpoints in Redis: a claim per concrete path (a key that
 * names the running generation and expires unless renewed), a list per generation of its
 * events, each its id and its encoded frame, ended by an empty entry, and a key per
 * generation that says streams listen to it somewhere.
 * <p>
 * Appends and ends go out in order on one thread of their own, from a bounded queue, so
 * that a generation never waits for Redis; an event that does not fit is not shared, and
 * logged. Thread-safe.
 */
final class RedisGenerationMirror implements GenerationMirror, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisGenerationMirror.class);

	private static final byte[] END = new byte[0];

	private static final int QUEUE = 10000;

	private final RedisTemplate<String, byte[]> redis = new RedisTemplate<>();

	private final String keyPrefix;

	private final ThreadPoolExecutor appends;

	/**
	 * Create a mirror.
	 * @param connectionFactory the Redis connections of the cluster mode
	 * @param keyPrefix the prefix of the keys
	 */
	RedisGenerationMirror(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(RedisSerializer.string());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.afterPropertiesSet();
		this.keyPrefix = keyPrefix;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-redis-generations-");
		threads.setDaemon(true);
		this.appends = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), threads,
				(task, executor) -> logger.warn("Too many events of resumable generations wait for Redis: one is not "
						+ "shared with the other instances"));
	}

	@Override
	public @Nullable String claim(String path, String key, Duration lease) {
		String claim = claimKey(path);
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(claim, bytes(key), lease))) {
			return null;
		}
		byte[] owner = this.redis.opsForValue().get(claim);
		return (owner != null) ? new String(owner, StandardCharsets.UTF_8) : claim(path, key, lease);
	}

	@Override
	public void append(String path, String key, String id, byte[] frame) {
		byte[] entry = Arrays.copyOf(bytes(id + "\n"), id.getBytes(StandardCharsets.UTF_8).length + 1 + frame.length);
		System.arraycopy(frame, 0, entry, entry.length - frame.length, frame.length);
		this.appends.execute(() -> write(() -> this.redis.opsForList().rightPush(eventsKey(path, key), entry)));
	}

	@Override
	public void end(String path, String key, Duration retention) {
		this.appends.execute(() -> write(() -> {
			this.redis.opsForList().rightPush(eventsKey(path, key), END);
			this.redis.expire(eventsKey(path, key), retention);
			this.redis.expire(claimKey(path), retention);
		}));
	}

	@Override
	public void renew(String path, String key, Duration lease) {
		this.redis.expire(claimKey(path), lease);
		this.redis.expire(eventsKey(path, key), lease);
	}

	/**
	 * Read the events from a position on; with none new, a generation whose claim is gone
	 * (its instance died, or it expired) is read as ended.
	 */
	@Override
	public Appended read(String path, String key, int from) {
		List<byte[]> entries = this.redis.opsForList().range(eventsKey(path, key), from, -1);
		List<Event> events = new ArrayList<>();
		if (entries == null || entries.isEmpty()) {
			byte[] claim = this.redis.opsForValue().get(claimKey(path));
			return new Appended(events, claim == null || !key.equals(new String(claim, StandardCharsets.UTF_8)));
		}
		for (byte[] entry : entries) {
			if (entry.length == 0) {
				return new Appended(events, true);
			}
			events.add(event(entry));
		}
		return new Appended(events, false);
	}

	@Override
	public void listened(String path, String key, Duration period) {
		this.redis.opsForValue().set(listenedKey(path, key), END, period);
	}

	@Override
	public boolean isListened(String path, String key) {
		return Boolean.TRUE.equals(this.redis.hasKey(listenedKey(path, key)));
	}

	@Override
	public void destroy() {
		this.appends.shutdown();
	}

	private static Event event(byte[] entry) {
		int newline = 0;
		while (entry[newline] != '\n') {
			newline++;
		}
		return new Event(new String(entry, 0, newline, StandardCharsets.UTF_8),
				Arrays.copyOfRange(entry, newline + 1, entry.length));
	}

	private static void write(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not share an event of a resumable generation: %s", ex));
		}
	}

	private String claimKey(String path) {
		return this.keyPrefix + "generation:" + path;
	}

	private String eventsKey(String path, String key) {
		return this.keyPrefix + "generation:" + path + ":" + key;
	}

	private String listenedKey(String path, String key) {
		return eventsKey(path, key) + ":listened";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
