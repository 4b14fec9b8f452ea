package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.core.internal.EventEncoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The generations of the resumable endpoints of this instance, one per concrete path at
 * a time: running, or ended and kept for the retention period. Their number is bounded;
 * when the bound is reached, the generation that ended first makes room, and if every
 * one is running, no new one starts.
 * <p>
 * In a cluster, the first instance to claim a path runs its generation and appends its
 * events to the {@link GenerationMirror}; every other instance follows that generation,
 * reading what was appended every 100 ms, so that its streams resume it like those of the
 * instance that runs it. A generation is cancelled only when no stream of any instance
 * listened to it for the grace period.
 * <p>
 * Thread-safe. {@link #expire()} runs with the heartbeat's housekeeping; the sources
 * still running are cancelled when the application context closes.
 */
public final class Generations implements DisposableBean {

	private static final Log logger = LogFactory.getLog(Generations.class);

	/**
	 * How long the claim of a running generation holds in the cluster without being
	 * renewed: the time after which another instance starts the path anew if this one
	 * died.
	 */
	private static final Duration LEASE = Duration.ofSeconds(30);

	/**
	 * How often the generations other instances run are read for what they appended.
	 */
	private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(100);

	/**
	 * How often an instance says that its streams listen to the generations it follows.
	 */
	private static final Duration LISTENED_PERIOD = Duration.ofSeconds(1);

	private final EventEncoder encoder;

	private final Settings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Generation> generations = new HashMap<>();

	private final Set<Generation> followed = ConcurrentHashMap.newKeySet();

	private final @Nullable GenerationMirror mirror;

	private final @Nullable ScheduledExecutorService follower;

	private final AtomicLong rounds = new AtomicLong();

	/**
	 * Create a registry.
	 * @param encoder encodes each event once
	 * @param settings the bounds and periods of generations
	 * @param mirror where generations are shared with the other instances of a cluster, or
	 * {@code null}
	 */
	public Generations(EventEncoder encoder, Settings settings, @Nullable GenerationMirror mirror) {
		this.encoder = encoder;
		this.settings = settings;
		this.mirror = mirror;
		this.follower = (mirror != null) ? followerThread() : null;
	}

	/**
	 * Return the generation of a concrete path, or start a new one if it has none.
	 * @param path the concrete path
	 * @return the generation and whether it is new, or {@code null} if it is new and
	 * there are too many generations
	 */
	@Nullable Acquired acquire(String path) {
		this.lock.lock();
		try {
			Generation generation = this.generations.get(path);
			if (generation != null) {
				return new Acquired(generation, false);
			}
			if (this.generations.size() >= this.settings.maxGenerations() && !evictOldestEnded()) {
				return null;
			}
		}
		finally {
			this.lock.unlock();
		}
		String key = Generation.newKey();
		String owner = claim(path, key);
		Generation generation = (owner != null) ? follow(path, owner) : run(path, key);
		this.lock.lock();
		try {
			Generation other = this.generations.putIfAbsent(path, generation);
			if (other != null) {
				this.followed.remove(generation);
				return new Acquired(other, false);
			}
		}
		finally {
			this.lock.unlock();
		}
		logger.debug(LogMessage.format("%s %s", (owner != null) ? "Following" : "Started", generation));
		return new Acquired(generation, owner == null);
	}

	/**
	 * Claim the path in the cluster; return the key of the generation another instance
	 * runs, or {@code null} to run it here.
	 */
	private @Nullable String claim(String path, String key) {
		if (this.mirror == null) {
			return null;
		}
		try {
			return this.mirror.claim(path, key, LEASE);
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not claim %s in the cluster, running its generation here: %s", path,
					ex));
			return null;
		}
	}

	private Generation run(String path, String key) {
		GenerationMirror mirror = this.mirror;
		Generation.Mirror appends = (mirror != null) ? new Generation.Mirror() {

			@Override
			public void appended(String id, byte[] frame) {
				mirror.append(path, key, id, frame);
			}

			@Override
			public void ended() {
				mirror.end(path, key, Generations.this.settings.retention());
			}

		} : null;
		return new Generation(path, key, this.encoder, this.settings.maxEvents(), this.settings.maxBytes(), appends);
	}

	/**
	 * Follow the generation another instance runs, with what it appended so far.
	 */
	private Generation follow(String path, String key) {
		Generation generation = new Generation(path, key, this.encoder, this.settings.maxEvents(),
				this.settings.maxBytes(), null);
		// caught up before the follower thread sees it; and a range read twice is taken once
		catchUp(path, generation, false);
		this.followed.add(generation);
		return generation;
	}

	/**
	 * Take what the instance that runs a followed generation appended since the last
	 * time, and its end.
	 */
	private void catchUp(String path, Generation generation, boolean sayListened) {
		GenerationMirror mirror = this.mirror;
		if (mirror == null) {
			return;
		}
		try {
			int from = generation.size();
			GenerationMirror.Appended appended = mirror.read(path, generation.key(), from);
			generation.follow(from, appended.events());
			if (appended.ended()) {
				this.followed.remove(generation);
				generation.complete(null);
			}
			else if (sayListened && generation.isListened()) {
				mirror.listened(path, generation.key(), LISTENED_PERIOD.plus(this.settings.grace()));
			}
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not follow %s: %s", generation, ex));
		}
	}

	private void catchUpAll() {
		long roundsPerPeriod = LISTENED_PERIOD.toMillis() / FOLLOW_INTERVAL.toMillis();
		boolean sayListened = this.rounds.incrementAndGet() % roundsPerPeriod == 0;
		for (Generation generation : this.followed) {
			catchUp(generation.path(), generation, sayListened);
		}
	}

	private ScheduledExecutorService followerThread() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-generations-");
		threads.setDaemon(true);
		ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(threads);
		follower.scheduleWithFixedDelay(this::catchUpAll, FOLLOW_INTERVAL.toMillis(), FOLLOW_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
		return follower;
	}

	/**
	 * Cancel the generations that nobody listened to for the grace period, and forget
	 * them and those that ended longer ago than the retention.
	 */
	public void expire() {
		long now = System.nanoTime();
		long grace = this.settings.grace().toNanos();
		long retention = this.settings.retention().toNanos();
		List<Generation> all;
		this.lock.lock();
		try {
			all = new ArrayList<>(this.generations.values());
		}
		finally {
			this.lock.unlock();
		}
		for (Generation generation : all) {
			boolean run = !this.followed.contains(generation);
			if (generation.expire(now, grace, retention, () -> run && isListenedElsewhere(generation))) {
				forget(generation);
			}
			else if (run && this.mirror != null && generation.endedNanos() == null) {
				renew(generation);
			}
		}
	}

	private boolean isListenedElsewhere(Generation generation) {
		GenerationMirror mirror = this.mirror;
		try {
			return mirror != null && mirror.isListened(generation.path(), generation.key());
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not tell whether %s is listened to elsewhere: %s", generation, ex));
			return false;
		}
	}

	private void renew(Generation generation) {
		GenerationMirror mirror = this.mirror;
		try {
			if (mirror != null) {
				mirror.renew(generation.path(), generation.key(), LEASE);
			}
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not renew the claim of %s: %s", generation, ex));
		}
	}

	private void forget(Generation generation) {
		this.lock.lock();
		try {
			this.generations.values().remove(generation);
		}
		finally {
			this.lock.unlock();
		}
		this.followed.remove(generation);
		generation.cancel();
		logger.debug(LogMessage.format("Forgot %s", generation));
	}

	/**
	 * Return the number of generations, running or kept.
	 * @return the number of generations
	 */
	public int size() {
		this.lock.lock();
		try {
			return this.generations.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void destroy() {
		if (this.follower != null) {
			this.follower.shutdownNow();
		}
		List<Generation> running;
		this.lock.lock();
		try {
			running = new ArrayList<>(this.generations.values());
			this.generations.clear();
		}
		finally {
			this.lock.unlock();
		}
		running.forEach(Generation::cancel);
	}

	/**
	 * Forget the generation that ended first; return whether there was one. Called under
	 * the lock.
	 */
	private boolean evictOldestEnded() {
		Map.Entry<String, Generation> oldest = null;
		long oldestNanos = 0;
		for (Map.Entry<String, Generation> entry : this.generations.entrySet()) {
			Long ended = entry.getValue().endedNanos();
			if (ended != null && (oldest == null || ended - oldestNanos < 0)) {
				oldest = entry;
				oldestNanos = ended;
			}
		}
		if (oldest == null) {
			return false;
		}
		this.generations.remove(oldest.getKey());
		return true;
	}

	/**
	 * The generation of a path, and whether the stream that acquired it starts it.
	 *
	 * @param generation the generation
	 * @param started whether it is new: the stream calls {@code @OnOpen} and runs its source
	 */
	record Acquired(Generation generation, boolean started) {
	}

	/**
	 * The bounds and periods of generations, from the {@code eventsource.resumable.*} and
	 * {@code eventsource.replay.*} properties.
	 *
	 * @param grace how long a generation runs without a stream before it is cancelled
	 * @param retention how long an ended generation is kept for the streams that come
	 * @param maxGenerations the most generations kept at a time
	 * @param maxEvents the most events one generation keeps
	 * @param maxBytes the most bytes one generation keeps
	 */
	public record Settings(Duration grace, Duration retention, int maxGenerations, int maxEvents, long maxBytes) {
	}

}
