package io.github.eventsource.broadcast.internal;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Sends the coalesced presence announcements of large rooms once per interval (an
 * interval apart from the end of one run to the start of the next, so that a late run is
 * never followed by a burst), on a
 * scheduler thread of its own (a {@link ThreadPoolTaskScheduler} that is not a bean, so
 * that the application's {@code @Scheduled} methods never run on it). A run that throws,
 * whatever it throws, is logged and the task runs again at the next interval.
 * <p>
 * Thread-safe.
 */
public final class PresenceCoalescing implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PresenceCoalescing.class);

	private final Runnable announcement;

	private final Duration interval;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Create the task.
	 * @param announcement sends the coalesced announcements of the rooms that changed
	 * ({@link PresenceTracker#announceCounts()})
	 * @param interval the interval between two announcements of a room
	 */
	public PresenceCoalescing(Runnable announcement, Duration interval) {
		this.announcement = announcement;
		this.interval = interval;
	}

	/**
	 * Announce the rooms that changed now; never throws.
	 */
	void run() {
		try {
			this.announcement.run();
		}
		catch (Throwable ex) {
			// a task that let it escape would never run again
			logger.warn("Coalesced presence announcement failed; trying again at the next interval", ex);
		}
	}

	@Override
	public void start() {
		if (this.scheduler != null) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("eventsource-presence-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::run, this.interval);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdown();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
