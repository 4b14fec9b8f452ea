package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.core.internal.EventEncoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;

/**
 * The generations of the resumable endpoints of this instance, one per concrete path at
 * a time: running, or ended and kept for the retention period. Their number is bounded;
 * when the bound is reached, the generation that ended first makes room, and if every
 * one is running, no new one starts.
 * <p>
 * Thread-safe. {@link #expire()} runs with the heartbeat's housekeeping; the sources
 * still running are cancelled when the application context closes.
 */
public final class Generations implements DisposableBean {

	private static final Log logger = LogFactory.getLog(Generations.class);

	private final EventEncoder encoder;

	private final Settings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Generation> generations = new HashMap<>();

	/**
	 * Create a registry.
	 * @param encoder encodes each event once
	 * @param settings the bounds and periods of generations
	 */
	public Generations(EventEncoder encoder, Settings settings) {
		this.encoder = encoder;
		this.settings = settings;
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
			generation = new Generation(path, this.encoder, this.settings.maxEvents(), this.settings.maxBytes());
			this.generations.put(path, generation);
			logger.debug(LogMessage.format("Started %s", generation));
			return new Acquired(generation, true);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Cancel the generations that nobody listened to for the grace period, and forget
	 * them and those that ended longer ago than the retention.
	 */
	public void expire() {
		long now = System.nanoTime();
		long grace = this.settings.grace().toNanos();
		long retention = this.settings.retention().toNanos();
		List<Generation> over = new ArrayList<>();
		this.lock.lock();
		try {
			for (Iterator<Generation> generations = this.generations.values().iterator(); generations.hasNext();) {
				Generation generation = generations.next();
				if (generation.expire(now, grace, retention)) {
					generations.remove();
					over.add(generation);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		for (Generation generation : over) {
			generation.cancel();
			logger.debug(LogMessage.format("Forgot %s", generation));
		}
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
