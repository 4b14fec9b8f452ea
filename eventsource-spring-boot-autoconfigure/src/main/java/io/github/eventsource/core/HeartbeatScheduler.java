package io.github.eventsource.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Queues a comment line for every stream that had nothing queued for the heartbeat
 * interval, so that proxies keep idle streams open and clients that vanished are
 * noticed when the write fails.
 * <p>
 * One scheduler thread sweeps the sessions four times per interval; it only queues
 * frames, the writer executor writes them.
 *
 * @since 0.1.0
 */
public final class HeartbeatScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HeartbeatScheduler.class);

	private static final byte[] HEARTBEAT = { ':', '\n' };

	private final SessionRegistry sessions;

	private final Duration interval;

	private final EventSourceObserver observer;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a heartbeat scheduler.
	 * @param sessions the open sessions
	 * @param interval the heartbeat interval; zero or negative disables heartbeats
	 * @param observer told about each heartbeat
	 */
	public HeartbeatScheduler(SessionRegistry sessions, Duration interval, EventSourceObserver observer) {
		this.sessions = sessions;
		this.interval = interval;
		this.observer = observer;
	}

	@Override
	public void start() {
		if (this.interval.isZero() || this.interval.isNegative() || this.scheduler != null) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-heartbeat-");
		threads.setDaemon(true);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
		long period = Math.max(1, this.interval.toMillis() / 4);
		this.scheduler.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private void beat() {
		try {
			long now = System.nanoTime();
			long idle = this.interval.toNanos();
			for (SessionRegistry.Registration registration : this.sessions.getRegistrations()) {
				if (registration.stream().offerIfIdle(HEARTBEAT, idle, now)) {
					this.observer.heartbeat(registration.endpoint());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat sweep failed; trying again at the next sweep", ex);
		}
	}

}
