package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * events, each its id and its encoded frame, ended by an empty entry, a count of the
 * claim's renewals, and a key per generation that says streams listen to it somewhere.
 * <p>
 * Appends and ends go out through {@link RedisGenerationAppends}, which never drops one.
 * Renewals and the question whether a generation is listened to elsewhere never wait for
 * Redis either: a renewal goes out on a thread of its own (at most one waiting per
 * generation), extends the claim only while it still names the generation, and counts;
 * the answer to the question is the one Redis gave last, asked again in the background,
 * and "listened" until Redis first answered. Thread-safe.
 */
final class RedisGenerationMirror implements GenerationMirror, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisGenerationMirror.class);

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
	 * Extends the claims of paths, the events of their generations and the counts of
	 * their renewals, and counts one more, only where the claim still names the
	 * generation: an instance never renews a claim it lost. KEYS are triples of a claim,
	 * its events and its count; ARGV the lease, then the generations.
	 */
	private static final RedisScript<Long> RENEW = RedisScript.of("""
			local renewed = 0
			for k = 1, #KEYS, 3 do
				if redis.call('GET', KEYS[k]) == ARGV[(k + 2) / 3 + 1] then
					redis.call('PEXPIRE', KEYS[k], ARGV[1])
					redis.call('PEXPIRE', KEYS[k + 1], ARGV[1])
					redis.call('INCR', KEYS[k + 2])
					redis.call('PEXPIRE', KEYS[k + 2], ARGV[1])
					renewed = renewed + 1
				end
			end
			return renewed
			""", Long.class);

	/**
	 * Reads the events of generations from their positions on, at most 1,000 each, each
	 * after whether the claim still names it, the count of its renewals and the number of
	 * its events read. KEYS are triples of a generation's events, its claim and its count;
	 * ARGV pairs of its position and its key.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = RedisScript.of("""
			local reply = {}
			for k = 1, #KEYS, 3 do
				local i = (k + 2) / 3
				local from = tonumber(ARGV[2 * i - 1])
				local entries = redis.call('LRANGE', KEYS[k], from, from + 999)
				reply[#reply + 1] = (redis.call('GET', KEYS[k + 1]) == ARGV[2 * i]) and '1' or '0'
				reply[#reply + 1] = redis.call('GET', KEYS[k + 2]) or ''
				reply[#reply + 1] = tostring(#entries)
				for _, entry in ipairs(entries) do
					reply[#reply + 1] = entry
				end
			end
			return reply
			""", List.class);

	/**
	 * Deletes the claim of a generation whose renewals did not move: returns 1 when it
	 * is gone (deleted now, or naming another generation), 0 when it was renewed.
	 */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then
				return 1
			end
			if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then
				return 0
			end
			redis.call('DEL', KEYS[1])
			return 1
			""", Long.class);

	private final RedisTemplate<String, byte[]> redis = new RedisTemplate<>();

	private final String keyPrefix;

	private final RedisGenerationAppends appends;

	private final ThreadPoolExecutor background;

	private final AtomicBoolean renewing = new AtomicBoolean();

	private final Map<String, Answer> listened = new ConcurrentHashMap<>();

	private final Set<String> asking = ConcurrentHashMap.newKeySet();

	/**
	 * Create a mirror.
	 * @param connectionFactory the Redis connections of the cluster mode
	 * @param keyPrefix the prefix of the keys
	 * @param maxWaitingBytes the most bytes of events that wait for Redis before the
	 * sources of generations are paused
	 */
	RedisGenerationMirror(RedisConnectionFactory connectionFactory, String keyPrefix, long maxWaitingBytes) {
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(RedisSerializer.string());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.afterPropertiesSet();
		this.keyPrefix = keyPrefix;
		CustomizableThreadFactory backgroundThreads = new CustomizableThreadFactory("eventsource-redis-leases-");
		backgroundThreads.setDaemon(true);
		// at most one renewal, one question per generation and one task per generation
		// waiting for room wait: the queue needs no bound of its own beyond the generations'
		// count
		this.background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				backgroundThreads);
		this.appends = new RedisGenerationAppends(this.redis, maxWaitingBytes, this.background);
	}

	/**
	 * Claim a path in one atomic step: set the claim unless it exists, else read its
	 * owner.
	 */
	@Override
	public @Nullable String claim(String path, String key) {
		byte[] owner = this.redis.execute(CLAIM, List.of(claimKey(path)), bytes(key),
				bytes(Long.toString(LEASE.toMillis())));
		return (owner == null || owner.length == 0) ? null : new String(owner, StandardCharsets.UTF_8);
	}

	@Override
	public void append(String path, String key, long position, String id, byte[] frame) {
		byte[] idBytes = bytes(id + "\n");
		byte[] entry = Arrays.copyOf(idBytes, idBytes.length + frame.length);
		System.arraycopy(frame, 0, entry, idBytes.length, frame.length);
		this.appends.append(new RedisGenerationAppends.Entry(eventsKey(path, key), claimKey(path), key, position, entry,
				LEASE));
	}

	@Override
	public void end(String path, String key, long position, Duration retention) {
		this.appends.append(new RedisGenerationAppends.Entry(eventsKey(path, key), claimKey(path), key, position,
				RedisGenerationAppends.END, retention));
	}

	@Override
	public boolean hasRoom(Runnable whenRoom) {
		return this.appends.hasRoom(whenRoom);
	}

	/**
	 * Renew the claims in the background, in one call, unless the last renewal still
	 * waits; never waits.
	 */
	@Override
	public void renew(List<Claim> running) {
		if (!this.renewing.compareAndSet(false, true)) {
			return;
		}
		List<String> keys = new ArrayList<>(running.size() * 3);
		List<byte[]> args = new ArrayList<>(running.size() + 1);
		args.add(bytes(Long.toString(LEASE.toMillis())));
		for (Claim claim : running) {
			keys.add(claimKey(claim.path()));
			keys.add(eventsKey(claim.path(), claim.key()));
			keys.add(renewalsKey(claim.path(), claim.key()));
			args.add(bytes(claim.key()));
		}
		this.background.execute(() -> {
			try {
				this.redis.execute(RENEW, keys, args.toArray());
			}
			catch (RuntimeException ex) {
				logger.debug(LogMessage.format("Could not renew the claims of %d generations: %s", running.size(), ex));
			}
			finally {
				this.renewing.set(false);
			}
		});
	}

	/**
	 * Read the events of generations from their positions on, in one call; with none new,
	 * a generation whose claim is gone (its instance died, or it expired) or that was
	 * marked lost is read as lost.
	 */
	@Override
	public List<Appended> read(List<Position> positions) {
		List<String> keys = new ArrayList<>(positions.size() * 3);
		List<byte[]> args = new ArrayList<>(positions.size() * 2);
		for (Position position : positions) {
			keys.add(eventsKey(position.path(), position.key()));
			keys.add(claimKey(position.path()));
			keys.add(renewalsKey(position.path(), position.key()));
			args.add(bytes(Integer.toString(position.from())));
			args.add(bytes(position.key()));
		}
		List<?> reply = this.redis.execute(READ, keys, args.toArray());
		if (reply == null) {
			throw new IllegalStateException("Redis answered nothing for " + positions.size() + " generations");
		}
		List<Appended> appended = new ArrayList<>(positions.size());
		int at = 0;
		for (int i = 0; i < positions.size(); i++) {
			int count = Integer.parseInt(text(reply.get(at + 2)));
			appended.add(appended(reply.subList(at + 3, at + 3 + count), "1".equals(text(reply.get(at))),
					text(reply.get(at + 1))));
			at += 3 + count;
		}
		return appended;
	}

	private static Appended appended(List<?> entries, boolean claimed, String renewals) {
		List<Event> events = new ArrayList<>(entries.size());
		for (Object item : entries) {
			byte[] entry = (byte[]) item;
			if (entry.length == 0) {
				return new Appended(events, State.ENDED, renewals);
			}
			if (Arrays.equals(entry, RedisGenerationAppends.LOST)) {
				return new Appended(events, State.LOST, renewals);
			}
			events.add(event(entry));
		}
		return new Appended(events, (events.isEmpty() && !claimed) ? State.LOST : State.RUNNING, renewals);
	}

	@Override
	public boolean release(String path, String key, String renewals) {
		Long gone = this.redis.execute(RELEASE, List.of(claimKey(path), renewalsKey(path, key)), bytes(key),
				bytes(renewals));
		return gone != null && gone == 1;
	}

	@Override
	public void listened(String path, String key, Duration period) {
		this.redis.opsForValue().set(listenedKey(path, key), RedisGenerationAppends.END, period);
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
		this.appends.stop();
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

	private static String text(Object item) {
		return (item instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(item);
	}

	private String claimKey(String path) {
		return this.keyPrefix + "generation:" + path;
	}

	private String eventsKey(String path, String key) {
		return this.keyPrefix + "generation:" + path + ":" + key;
	}

	private String renewalsKey(String path, String key) {
		return eventsKey(path, key) + ":renewals";
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
