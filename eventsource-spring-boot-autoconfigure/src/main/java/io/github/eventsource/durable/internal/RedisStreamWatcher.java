package io.github.eventsource.durable.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Tells the live readers of this instance (SSE responses, waiting long-polls) that a
 * durable stream in Redis changed, so that they read it from their position: on every
 * announcement of the change channel (a hint, never the data), and on a periodic check of
 * the versions of the streams they follow, so that a lost announcement (a dropped
 * subscription) delays a reader by one interval at most and never loses it anything. A
 * reader whose read failed (Redis unreachable, a killed connection) is told again at the
 * next check.
 * <p>
 * Readers read on a small pool of its own, at most one task queued per stream, never on
 * the subscription's thread; the check runs on a scheduler of its own and survives any
 * failure. Thread-safe.
 */
public final class RedisStreamWatcher implements MessageListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisStreamWatcher.class);

	private static final int CHECK_BATCH = 500;

	private final Map<String, Watched> watched = new ConcurrentHashMap<>();

	private final RedisStreamScripts scripts;

	private final Duration checkInterval;

	private final ThreadPoolTaskExecutor readers = new ThreadPoolTaskExecutor();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile @Nullable ScheduledFuture<?> check;

	/**
	 * Create a watcher.
	 * @param scripts the calls to Redis
	 * @param readerThreads how many readers read at once
	 * @param checkInterval how often the versions of followed streams are checked
	 */
	public RedisStreamWatcher(RedisStreamScripts scripts, int readerThreads, Duration checkInterval) {
		this.scripts = scripts;
		this.checkInterval = checkInterval;
		this.readers.setCorePoolSize(readerThreads);
		this.readers.setMaxPoolSize(readerThreads);
		this.readers.setThreadNamePrefix("eventsource-durable-redis-");
		this.readers.setDaemon(true);
		this.scheduler.setThreadNamePrefix("eventsource-durable-redis-check-");
		this.scheduler.setDaemon(true);
	}

	/**
	 * Tell a follower of every change of a stream, until it {@link #unfollow leaves}.
	 * @param name the stream's name
	 * @param follower the follower
	 */
	void follow(String name, StoredStream.Follower follower) {
		this.watched.compute(name, (key, watched) -> {
			Watched result = (watched != null) ? watched : new Watched();
			result.followers.add(follower);
			return result;
		});
	}

	/**
	 * Stop telling a follower.
	 * @param name the stream's name
	 * @param follower the follower
	 */
	void unfollow(String name, StoredStream.Follower follower) {
		this.watched.computeIfPresent(name, (key, watched) -> {
			watched.followers.remove(follower);
			return watched.followers.isEmpty() ? null : watched;
		});
	}

	/**
	 * A stream changed: its name came on the change channel.
	 */
	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		Watched watched = this.watched.get(new String(message.getBody(), StandardCharsets.UTF_8));
		if (watched != null) {
			tell(watched);
		}
	}

	/**
	 * Tell every follower to leave: the server shuts down.
	 */
	void shutDown() {
		for (Watched watched : this.watched.values()) {
			watched.followers.forEach(StoredStream.Follower::shutDown);
		}
	}

	/**
	 * Return how many streams this instance's readers follow.
	 * @return the number of streams
	 */
	int size() {
		return this.watched.size();
	}

	private void tell(Watched watched) {
		if (!watched.pending.compareAndSet(false, true)) {
			return;
		}
		try {
			this.readers.execute(() -> {
				watched.pending.set(false);
				for (StoredStream.Follower follower : watched.followers) {
					try {
						follower.advanced();
					}
					catch (RuntimeException ex) {
						// read again at the next check
						watched.version = null;
						logger.debug(LogMessage.format("A reader of a durable stream failed to read: %s", ex));
					}
				}
			});
		}
		catch (TaskRejectedException ex) {
			watched.pending.set(false);
		}
	}

	private void check() {
		try {
			List<String> names = new ArrayList<>(this.watched.keySet());
			for (int from = 0; from < names.size(); from += CHECK_BATCH) {
				List<String> batch = names.subList(from, Math.min(names.size(), from + CHECK_BATCH));
				List<String> versions = this.scripts.versions(batch);
				for (int i = 0; i < batch.size(); i++) {
					Watched watched = this.watched.get(batch.get(i));
					if (watched != null && !versions.get(i).equals(watched.version)) {
						watched.version = versions.get(i);
						tell(watched);
					}
				}
			}
		}
		catch (Throwable ex) {
			logger.debug(LogMessage.format("Checking the durable streams followed failed: %s", ex));
		}
	}

	@Override
	public void start() {
		this.readers.initialize();
		this.scheduler.initialize();
		this.check = this.scheduler.scheduleWithFixedDelay(this::check, this.checkInterval);
	}

	@Override
	public void stop() {
		ScheduledFuture<?> check = this.check;
		this.check = null;
		if (check != null) {
			check.cancel(false);
		}
		this.scheduler.shutdown();
		this.readers.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.check != null;
	}

	private static final class Watched {

		private final Set<StoredStream.Follower> followers = ConcurrentHashMap.newKeySet();

		private final AtomicBoolean pending = new AtomicBoolean();

		private volatile @Nullable String version;

	}

}
