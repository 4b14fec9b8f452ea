package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.StreamOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Sweeps the open streams four times per heartbeat interval: writes a comment line to
 * every stream that was sent nothing for the interval, so that proxies keep idle streams
 * open and a write to a vanished client fails; ends every stream that could write
 * nothing for two intervals, and at least {@value #MIN_STALL_MILLIS} ms (its client
 * stopped reading, or the connection is gone without the container noticing); and runs
 * {@link Expirable#expire()} of every expirable, which evicts expired history.
 * <p>
 * One scheduler thread; it never waits on a client and never writes: a heartbeat is
 * queued and the stream's writer woken, and a stalled stream is ended on the
 * {@link StreamWriters}, where its {@code @OnClose} runs. Without heartbeats it only expires, once a
 * second. A sweep that throws anything, an {@link Error}
 * included, is logged and the next one runs at its time; {@link #sinceLastSweep()} tells
 * whether sweeps still complete.
 */
public final class HeartbeatScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HeartbeatScheduler.class);

	private static final byte[] HEARTBEAT = { ':', '\n' };

	private static final Duration EXPIRY_PERIOD = Duration.ofSeconds(1);

	/**
	 * The shortest time a stream may write nothing before it is ended, whatever the
	 * heartbeat interval.
	 */
	static final long MIN_STALL_MILLIS = 2000;

	private final SessionRegistry sessions;

	private final Duration interval;

	private final EventSourceObserver observer;

	private final List<Expirable> expirables;

	private final Executor writers;

	private volatile long lastSweepNanos = System.nanoTime();

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a heartbeat scheduler.
	 * @param sessions the open sessions
	 * @param interval the heartbeat interval; zero or negative disables heartbeats and the
	 * ending of stalled streams
	 * @param observer told about each heartbeat
	 * @param expirables expired at every sweep, such as the replay history
	 * @param writers where stalled streams are ended
	 */
	public HeartbeatScheduler(SessionRegistry sessions, Duration interval, EventSourceObserver observer,
			List<Expirable> expirables, Executor writers) {
		this.sessions = sessions;
		this.interval = interval;
		this.observer = observer;
		this.expirables = List.copyOf(expirables);
		this.writers = writers;
	}

	@Override
	public void start() {
		if (this.scheduler != null) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("eventsource-heartbeat-");
		scheduler.setDaemon(true);
		scheduler.setErrorHandler((ex) -> logger.error("Heartbeat sweep failed; the next sweep runs at its time", ex));
		scheduler.initialize();
		this.scheduler = scheduler;
		this.lastSweepNanos = System.nanoTime();
		scheduler.scheduleAtFixedRate(this::sweep, period());
	}

	private Duration period() {
		return heartbeats() ? Duration.ofMillis(Math.max(1, this.interval.toMillis() / 4)) : EXPIRY_PERIOD;
	}

	/**
	 * Return the time since the last sweep completed: about a quarter of the heartbeat
	 * interval (a second without heartbeats) while sweeps run as they should.
	 * @return the time since the last completed sweep
	 */
	public Duration sinceLastSweep() {
		return Duration.ofNanos(System.nanoTime() - this.lastSweepNanos);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
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
		if (heartbeats()) {
			beat();
		}
		this.expirables.forEach(Expirable::expire);
		this.lastSweepNanos = System.nanoTime();
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
				// ending the session frees its place in the registry, and runs its @OnClose
				this.writers.execute(() -> registration.end(StreamOutcome.CLIENT_GONE));
			}
			else if (stream.heartbeat(HEARTBEAT, interval, now)) {
				this.observer.heartbeat(registration.endpoint());
			}
		}
	}

}
