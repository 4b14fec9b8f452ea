package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The entries of generations on their way to their Redis lists: queued without waiting,
 * written in order on a thread of their own, many generations' entries per call.
 * <p>
 * Nothing is dropped while Redis is slow or away: each entry carries its position in its
 * list, and the script appends only what the list does not hold yet, so a call that
 * failed (or timed out after Redis ran it) is simply made again until it succeeds. What
 * waits is bounded in bytes: above {@code maxBytes} the generations are told there is no
 * room, so their sources wait (the cluster is one more reader that must get every event);
 * a generation whose source sends on regardless past twice the bound is marked lost in its
 * list, where the instances that follow it read that they must end its streams with the
 * error event. Thread-safe.
 */
final class RedisGenerationAppends {

	private static final Log logger = LogFactory.getLog(RedisGenerationAppends.class);

	/**
	 * The entry that ends a generation.
	 */
	static final byte[] END = new byte[0];

	/**
	 * The entry that says the events after it were not shared: followers end their streams
	 * with the error event.
	 */
	static final byte[] LOST = { 0 };

	private static final int MAX_BATCH_ENTRIES = 1000;

	private static final long MAX_BATCH_BYTES = 1024 * 1024;

	private static final Duration RETRY_DELAY = Duration.ofMillis(200);

	/**
	 * Appends batches of entries, each group to its list at its position: only the entries
	 * the list does not hold yet, and none after a gap. Each group's list then expires
	 * after its time to live; a group that ends its generation also makes the claim expire
	 * then, if the claim still names the generation. KEYS are pairs of a list and its
	 * claim; ARGV per group: position, count, time to live, ended, generation, entries.
	 */
	private static final RedisScript<Long> APPEND = RedisScript.of("""
			local a = 1
			for k = 1, #KEYS, 2 do
				local from, n = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
				local length = redis.call('LLEN', KEYS[k])
				if length >= from then
					for i = length - from, n - 1 do
						redis.call('RPUSH', KEYS[k], ARGV[a + 5 + i])
					end
				end
				redis.call('PEXPIRE', KEYS[k], ARGV[a + 2])
				if ARGV[a + 3] == '1' and redis.call('GET', KEYS[k + 1]) == ARGV[a + 4] then
					redis.call('PEXPIRE', KEYS[k + 1], ARGV[a + 2])
				end
				a = a + 5 + n
			end
			return 1
			""", Long.class);

	private final RedisTemplate<String, byte[]> redis;

	private final long maxBytes;

	private final Executor whenRoom;

	private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final Set<String> lost = ConcurrentHashMap.newKeySet();

	private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService writer;

	private final AtomicBoolean failing = new AtomicBoolean();

	private List<Entry> retry = List.of();

	/**
	 * Create the appends.
	 * @param redis the template of the generations' keys
	 * @param maxBytes the most bytes of entries that wait before sources are paused
	 * @param whenRoom where the generations told of room again run
	 */
	RedisGenerationAppends(RedisTemplate<String, byte[]> redis, long maxBytes, Executor whenRoom) {
		this.redis = redis;
		this.maxBytes = maxBytes;
		this.whenRoom = whenRoom;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-redis-generations-");
		threads.setDaemon(true);
		this.writer = new ScheduledThreadPoolExecutor(1, threads);
	}

	/**
	 * Queue an entry, without waiting.
	 * @param entry the entry
	 */
	void append(Entry entry) {
		if (this.lost.contains(entry.list())) {
			if (entry.ended()) {
				this.lost.remove(entry.list());
			}
			return;
		}
		if (this.bytes.get() > 2 * this.maxBytes) {
			logger.warn(LogMessage.format("The source of the generation %s sends on although %d bytes of events wait "
					+ "for Redis: the instances that follow it end its streams with the error event", entry.generation(),
					this.bytes.get()));
			this.lost.add(entry.list());
			entry = entry.marked(LOST);
		}
		this.bytes.addAndGet(entry.value().length);
		this.queue.add(entry);
		if (this.scheduled.compareAndSet(false, true)) {
			this.writer.execute(this::drain);
		}
	}

	/**
	 * Return whether the entries that wait leave room for more; if not, run the given
	 * task once they do.
	 * @param whenRoom the task to run once there is room again
	 * @return whether there is room now
	 */
	boolean hasRoom(Runnable whenRoom) {
		if (this.bytes.get() <= this.maxBytes) {
			return true;
		}
		this.waiting.add(whenRoom);
		if (this.bytes.get() <= this.maxBytes && this.waiting.remove(whenRoom)) {
			return true;
		}
		return false;
	}

	/**
	 * Stop writing; what still waits is not written.
	 */
	void stop() {
		this.writer.shutdownNow();
	}

	/**
	 * Write what waits, batch by batch, until nothing does; a batch that fails is written
	 * again after a short delay. Runs on the writer thread only.
	 */
	private void drain() {
		try {
			while (true) {
				List<Entry> batch = this.retry.isEmpty() ? nextBatch() : this.retry;
				if (batch.isEmpty()) {
					this.scheduled.set(false);
					if (this.queue.isEmpty() || !this.scheduled.compareAndSet(false, true)) {
						return;
					}
					continue;
				}
				if (!write(batch)) {
					this.retry = batch;
					this.writer.schedule(this::drain, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
					return;
				}
				this.retry = List.of();
				this.bytes.addAndGet(-batch.stream().mapToLong((entry) -> entry.value().length).sum());
				tellRoom();
			}
		}
		catch (Throwable ex) {
			logger.error("Writing the events of resumable generations to Redis failed; trying again", ex);
			this.writer.schedule(this::drain, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private List<Entry> nextBatch() {
		List<Entry> batch = new ArrayList<>();
		long size = 0;
		Entry entry;
		while (batch.size() < MAX_BATCH_ENTRIES && size < MAX_BATCH_BYTES && (entry = this.queue.poll()) != null) {
			batch.add(entry);
			size += entry.value().length;
		}
		return batch;
	}

	private boolean write(List<Entry> batch) {
		Map<String, List<Entry>> groups = new LinkedHashMap<>();
		batch.forEach((entry) -> groups.computeIfAbsent(entry.list(), (list) -> new ArrayList<>()).add(entry));
		List<String> keys = new ArrayList<>(groups.size() * 2);
		List<byte[]> args = new ArrayList<>(batch.size() + groups.size() * 5);
		for (List<Entry> group : groups.values()) {
			Entry first = group.get(0);
			Entry last = group.get(group.size() - 1);
			keys.add(first.list());
			keys.add(first.claim());
			args.add(bytes(Long.toString(first.position())));
			args.add(bytes(Integer.toString(group.size())));
			args.add(bytes(Long.toString(last.timeToLive().toMillis())));
			args.add(bytes(last.ended() ? "1" : "0"));
			args.add(bytes(first.generation()));
			group.forEach((entry) -> args.add(entry.value()));
		}
		try {
			this.redis.execute(APPEND, keys, args.toArray());
			if (this.failing.compareAndSet(true, false)) {
				logger.info("The events of resumable generations reach Redis again");
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (this.failing.compareAndSet(false, true)) {
				logger.warn(LogMessage.format("The events of resumable generations wait for Redis, which failed: %s; "
						+ "their sources are paused once %d bytes wait", ex, this.maxBytes));
			}
			return false;
		}
	}

	private void tellRoom() {
		if (this.bytes.get() > this.maxBytes || this.waiting.isEmpty()) {
			return;
		}
		for (Runnable task : this.waiting) {
			if (this.waiting.remove(task)) {
				this.whenRoom.execute(task);
			}
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One entry of a generation's list.
	 *
	 * @param list the key of the list
	 * @param claim the key of the claim of the generation's path
	 * @param generation the generation's key
	 * @param position the entry's position in the list, from 0
	 * @param value the entry: an event, {@link #END} or {@link #LOST}
	 * @param timeToLive how long the list is kept after it
	 */
	record Entry(String list, String claim, String generation, long position, byte[] value, Duration timeToLive) {

		boolean ended() {
			return this.value.length == 0;
		}

		Entry marked(byte[] marker) {
			return new Entry(this.list, this.claim, this.generation, this.position, marker, this.timeToLive);
		}

	}

}
