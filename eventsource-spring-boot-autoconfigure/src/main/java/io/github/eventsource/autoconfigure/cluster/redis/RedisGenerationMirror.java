package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.springframework.data.redis.core.script.RedisScript;
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
 * logged. Renewals and the question whether a generation is listened to elsewhere, which
 * the heartbeat's sweep asks, never wait for Redis either: a renewal goes out on a thread
 * of its own (at most one waiting per generation) and extends the claim only while it
 * still names the generation; the answer to the question is the one Redis gave last,
 * asked again in the background, and "listened" until Redis first answered. Thread-safe.
 */
final class RedisGenerationMirror implements GenerationMirror, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisGenerationMirror.class);

	private static final byte[] END = new byte[0];

	private static final int QUEUE = 10000;

	private static final int MAX_ANSWERS = 1000;

	private static final Duration ANSWER_LIFETIME = Duration.ofMinutes(1);

	/**
	 * Sets the claim of a path to a generation unless another holds it: returns
	 * {@code ''} when set, else the key of the generation that holds it.
	 */
	private static final RedisScript<byte[]> CLAIM = RedisScript.of("""
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
				return ''
			end
			return redis.call('GET', KEYS[1])
			""", byte[].class);

	/**
	 * Extends the claim of a path and the events of its generation, only while the claim
	 * names that generation: an instance never renews a claim it lost.
	 */
	private static final RedisScript<Long> RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				redis.call('PEXPIRE', KEYS[2], ARGV[2])
				return 1
			end
			return 0
			""", Long.class);

	private final RedisTemplate<String, byte[]> redis = new RedisTemplate<>();

	private final String keyPrefix;

	private final ThreadPoolExecutor appends;

	private final ThreadPoolExecutor background;

	private final Set<String> renewing = ConcurrentHashMap.newKeySet();

	private final Map<String, Answer> listened = new ConcurrentHashMap<>();

	private final Set<String> asking = ConcurrentHashMap.newKeySet();

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
		CustomizableThreadFactory backgroundThreads = new CustomizableThreadFactory("eventsource-redis-leases-");
		backgroundThreads.setDaemon(true);
		// at most one renewal and one question per generation wait: the queue needs no bound
		// of its own beyond the generations' count
		this.background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				backgroundThreads);
	}

	/**
	 * Claim a path in one atomic step: set the claim unless it exists, else read its
	 * owner.
	 */
	@Override
	public @Nullable String claim(String path, String key, Duration lease) {
		byte[] owner = this.redis.execute(CLAIM, List.of(claimKey(path)), bytes(key),
				bytes(Long.toString(lease.toMillis())));
		return (owner == null || owner.length == 0) ? null : new String(owner, StandardCharsets.UTF_8);
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

	/**
	 * Renew the claim in the background, only while it names the given generation; never
	 * waits.
	 */
	@Override
	public void renew(String path, String key, Duration lease) {
		String claim = claimKey(path);
		if (!this.renewing.add(claim)) {
			return;
		}
		this.background.execute(() -> {
			this.renewing.remove(claim);
			write(() -> this.redis.execute(RENEW, List.of(claim, eventsKey(path, key)), bytes(key),
					bytes(Long.toString(lease.toMillis()))));
		});
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

	/**
	 * Return what Redis said last, and ask it again in the background; never waits.
	 */
	@Override
	public boolean isListened(String path, String key) {
		String listenedKey = listenedKey(path, key);
		if (this.asking.add(listenedKey)) {
			this.background.execute(() -> {
				try {
					this.listened.put(listenedKey,
							new Answer(Boolean.TRUE.equals(this.redis.hasKey(listenedKey)), System.nanoTime()));
				}
				catch (RuntimeException ex) {
					logger.debug(LogMessage.format("Could not tell whether %s is listened to elsewhere: %s", key, ex));
				}
				finally {
					this.asking.remove(listenedKey);
				}
			});
		}
		if (this.listened.size() > MAX_ANSWERS) {
			long old = System.nanoTime() - ANSWER_LIFETIME.toNanos();
			this.listened.values().removeIf((answer) -> answer.nanos() < old);
		}
		Answer answer = this.listened.get(listenedKey);
		return answer == null || answer.listened();
	}

	@Override
	public void destroy() {
		this.appends.shutdown();
		this.background.shutdownNow();
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

	/**
	 * What Redis said last about a generation being listened to, and when.
	 */
	private record Answer(boolean listened, long nanos) {
	}

}
