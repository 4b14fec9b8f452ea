package io.github.eventsource.benchmark.server;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Numbers and stamps the benchmark's events and hands them to the {@link Broadcaster},
 * on a schedule or on demand.
 * <p>
 * Every broadcast runs on one thread, so ids increase by one in the order events are
 * sent. The send time is taken once per broadcast, before the broadcaster loops over
 * its subscribers, and written as epoch milliseconds with a microsecond fraction:
 * {@code {"t":1732531200123.456,"seq":42}}.
 */
public class BroadcastTicker implements DisposableBean {

	private final Broadcaster broadcaster;

	private final Clock clock;

	private final ScheduledExecutorService thread = Executors
		.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("benchmark-ticker-"));

	private volatile long sent;

	private long floodSent;

	private @Nullable ScheduledFuture<?> schedule;

	/**
	 * Create a ticker.
	 * @param broadcaster sends each event
	 * @param clock the send time's clock
	 */
	public BroadcastTicker(Broadcaster broadcaster, Clock clock) {
		this.broadcaster = broadcaster;
		this.clock = clock;
	}

	/**
	 * Broadcast one event every period, replacing any earlier schedule. Returns once a
	 * broadcast in progress is over, so that {@link #sent()} is then the last id.
	 * @param periodMillis the period in milliseconds; {@code 0} stops the ticker
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if the wait failed
	 */
	public synchronized void tick(long periodMillis) throws InterruptedException, ExecutionException {
		if (this.schedule != null) {
			this.schedule.cancel(false);
			this.schedule = null;
			this.thread.submit(() -> this.sent).get();
		}
		if (periodMillis > 0) {
			this.schedule = this.thread.scheduleAtFixedRate(this::broadcastOne, 0, periodMillis,
					TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Broadcast events now, one after the other, and return when they are handed over.
	 * @param count the number of events
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if a broadcast failed
	 */
	public void broadcast(int count) throws InterruptedException, ExecutionException {
		this.thread.submit(() -> {
			for (int i = 0; i < count; i++) {
				broadcastOne();
			}
		}).get();
	}

	/**
	 * Queue large events, each a task of its own on the broadcasting thread so that the
	 * ticker's events go out between them, and return at once: a server whose broadcast
	 * blocks on a client that does not read must not block the caller too. The events go
	 * to the streams on {@code /stall} only, numbered in a sequence of their own, so that
	 * {@link #sent()} counts the ticker's events alone.
	 * @param count the number of events
	 * @param bytes the size of each event's data, padded with {@code "pad":"xx…"}
	 */
	public void flood(int count, int bytes) {
		for (int i = 0; i < count; i++) {
			this.thread.execute(() -> floodOne(bytes));
		}
	}

	/**
	 * Return the number of events broadcast, which is also the id of the last one.
	 * @return the number of events broadcast
	 */
	public long sent() {
		return this.sent;
	}

	@Override
	public void destroy() {
		this.thread.shutdownNow();
	}

	private void broadcastOne() {
		long id = this.sent + 1;
		this.broadcaster.broadcast(id, data(id, 0));
		this.sent = id;
	}

	private void floodOne(int bytes) {
		long id = ++this.floodSent;
		this.broadcaster.flood(id, data(id, bytes));
	}

	private String data(long id, int bytes) {
		return EventData.stamped(this.clock.instant(), id, bytes);
	}

}
