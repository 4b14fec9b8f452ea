package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sweeps the open streams four times per heartbeat interval: writes a comment line to
 * every stream that was sent nothing for the interval, so that proxies keep idle streams
 * open and a write to a vanished client fails; ends every stream that could write
 * nothing for two intervals, and at least {@value #MIN_STALL_MILLIS} ms (its client
 * stopped reading, or the connection is gone without the container noticing); and runs
 * the housekeeping task, which evicts expired history.
 * <p>
 * One scheduler thread; it never waits on a client, as writes are non-blocking. Without
 * heartbeats it runs only the housekeeping task, once a second.
 */
public final class HeartbeatScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HeartbeatScheduler.class);

	private static final byte[] HEARTBEAT = { ':', '\n' };

	private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(1);

	/**
	 * The shortest time a stream may write nothing before it is ended, whatever the
	 * heartbeat interval.
	 */
	static final long MIN_STALL_MILLIS = 2000;

	private final SessionRegistry sessions;

	private final Duration interval;

	private final EventSourceObserver observer;

	private final Runnable housekeeping;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a heartbeat scheduler.
	 * @param sessions the open sessions
	 * @param interval the heartbeat interval; zero or negative disables heartbeats and the
	 * ending of stalled streams
	 * @param observer told about each heartbeat
	 * @param housekeeping run at every sweep, such as the expiry of replay history
	 */
	public HeartbeatScheduler(SessionRegistry sessions, Duration interval, EventSourceObserver observer,
			Runnable housekeeping) {
		this.sessions = sessions;
		this.interval = interval;
		this.observer = observer;
		this.housekeeping = housekeeping;
	}

	@Override
	public void start() {
		if (this.scheduler != null) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-heartbeat-");
		threads.setDaemon(true);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
		long period = heartbeats() ? Math.max(1, this.interval.toMillis() / 4) : HOUSEKEEPING_PERIOD.toMillis();
		this.scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
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

	private boolean heartbeats() {
		return !this.interval.isZero() && !this.interval.isNegative();
	}

	private void sweep() {
		try {
			if (heartbeats()) {
				beat();
			}
			this.housekeeping.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat sweep failed; trying again at the next sweep", ex);
		}
	}

	private void beat() {
		long now = System.nanoTime();
		long interval = this.interval.toNanos();
		long stallLimit = Math.max(2 * interval, TimeUnit.MILLISECONDS.toNanos(MIN_STALL_MILLIS));
		for (SessionRegistry.Registration registration : this.sessions.getRegistrations()) {
			OutboundStream stream = registration.stream();
			if (stream.isStalled(now, stallLimit)) {
				logger.warn(LogMessage.format("Ending stream %s of endpoint %s: it could write nothing for %d ms",
						registration.session().getId(), registration.endpoint(),
						TimeUnit.NANOSECONDS.toMillis(stallLimit)));
				stream.abort();
				// ending the session frees its place in the registry
				registration.session().close();
			}
			else if (stream.heartbeat(HEARTBEAT, interval, now)) {
				this.observer.heartbeat(registration.endpoint());
			}
		}
	}

}
