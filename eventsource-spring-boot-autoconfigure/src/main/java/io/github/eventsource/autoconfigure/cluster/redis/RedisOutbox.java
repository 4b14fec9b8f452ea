package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * The bounded queue of events waiting to be published to Redis, and the one thread that
 * publishes them, in batches of what queued up during the previous round trip (at most
 * 128 events, and no more once they reach 256 KB).
 * <p>
 * {@link #offer(Outgoing)} never waits: it refuses an event when the queue holds its
 * most events or bytes. Every
 * event gets a deadline when it is offered, in Redis' clock; Redis refuses an event that
 * reaches it after its deadline, and the publishing thread gives up on a call after the
 * command timeout, which ends after the deadline. So an event is published with its
 * position everywhere, or nowhere; the {@link Listener} hears of each event that is not
 * published, and whether that is certain.
 * <p>
 * Thread-safe.
 */
final class RedisOutbox implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisOutbox.class);

	private static final int MAX_BATCH = 128;

	/**
	 * The bytes of frames past which a batch takes no more events: one script call stays
	 * short, so that Redis keeps answering everyone else.
	 */
	private static final int MAX_BATCH_BYTES = 256 * 1024;

	private final BlockingQueue<Outgoing> queue;

	private final long maxBytes;

	private final AtomicLong bytes = new AtomicLong();

	private final RedisEventLog log;

	private final RedisClock clock;

	private final Listener listener;

	private final Thread publisher;

	private volatile boolean running;

	private volatile boolean publishing;

	/**
	 * Create an outbox.
	 * @param capacity the maximum number of events waiting
	 * @param maxBytes the maximum bytes of frames waiting
	 * @param log where events are published
	 * @param clock the estimate of Redis' clock, to drop events past their deadline
	 * before sending them
	 * @param listener told of the outcome of every call
	 */
	RedisOutbox(int capacity, long maxBytes, RedisEventLog log, RedisClock clock, Listener listener) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.maxBytes = maxBytes;
		this.log = log;
		this.clock = clock;
		this.listener = listener;
		this.publisher = new Thread(this::publishUntilStopped, "eventsource-redis-outbox");
		this.publisher.setDaemon(true);
	}

	/**
	 * Queue an event for publication.
	 * @param event the event
	 * @return whether it was queued: {@code false} if the outbox is full or stopped
	 */
	boolean offer(Outgoing event) {
		int size = event.frame().length;
		if (!this.running || this.bytes.addAndGet(size) > this.maxBytes) {
			this.bytes.addAndGet(-size);
			return false;
		}
		if (!this.queue.offer(event)) {
			this.bytes.addAndGet(-size);
			return false;
		}
		return true;
	}

	/**
	 * Return the number of events waiting to be published.
	 * @return the number of events
	 */
	int size() {
		return this.queue.size();
	}

	@Override
	public void start() {
		this.running = true;
		this.publisher.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (!this.publishing) {
			// waiting for events, not in a call to Redis, which is left to finish
			this.publisher.interrupt();
		}
		try {
			this.publisher.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Outgoing> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach((event) -> this.bytes.addAndGet(-event.frame().length));
		left.forEach((event) -> this.listener.notPublished(event, true, "the application stopped"));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void publishUntilStopped() {
		List<Outgoing> batch = new ArrayList<>(MAX_BATCH);
		while (this.running) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.publishing = true;
			long bytes = batch.get(0).frame().length;
			while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES) {
				Outgoing next = this.queue.poll();
				if (next == null) {
					break;
				}
				batch.add(next);
				bytes += next.frame().length;
			}
			this.bytes.addAndGet(-bytes);
			try {
				publish(batch);
			}
			catch (RuntimeException ex) {
				logger.error(LogMessage.format("Publishing %d events to Redis failed", batch.size()), ex);
			}
			batch.clear();
			this.publishing = false;
		}
	}

	private void publish(List<Outgoing> queued) {
		long now = this.clock.nowMicros();
		List<Outgoing> batch = new ArrayList<>(queued.size());
		for (Outgoing event : queued) {
			if (event.deadlineMicros() < now) {
				this.listener.notPublished(event, true, "it waited in the outbox past its deadline");
			}
			else {
				batch.add(event);
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		List<Long> positions;
		try {
			positions = this.log.publish(batch);
		}
		catch (RuntimeException ex) {
			// certain only when the connection could not be made; any other failure (a
			// timeout, a lost connection, a command rejected while reconnecting) counts
			// as uncertain. Either way the event reaches no stream.
			boolean certain = isRejected(ex);
			String cause = String.valueOf((ex instanceof DataAccessException dae) ? dae.getMostSpecificCause() : ex);
			batch.forEach((event) -> this.listener.notPublished(event, certain, cause));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			if (positions.get(i) == RedisEventLog.REFUSED) {
				this.listener.notPublished(batch.get(i), true, "it reached Redis after its deadline");
			}
		}
		// after the refusals, which belong to the outage that this answer ends
		this.listener.published();
	}

	private static boolean isRejected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisConnectionFailureException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An event to publish.
	 *
	 * @param target where it goes: a path, group or user
	 * @param toSession whether it goes to one session instead, the name of the target
	 * being the session id
	 * @param replays whether its target replays: it gets a position and is kept
	 * @param frame the encoded event, without an id line if its target replays
	 * @param id the application's id of an event of a replaying target, or {@code null}
	 * @param deadlineMicros when Redis refuses it, in microseconds of Redis' clock
	 */
	record Outgoing(RedisTarget target, boolean toSession, boolean replays, byte[] frame, @Nullable String id,
			long deadlineMicros) {
	}

	/**
	 * Told the outcome of publications, on the publishing thread.
	 */
	interface Listener {

		/**
		 * A call to Redis succeeded.
		 */
		void published();

		/**
		 * An event was not published, or may not have been.
		 * @param event the event
		 * @param certain {@code true} if it is certainly in no history and published
		 * nowhere; {@code false} if Redis may have published it before its deadline
		 * (the call timed out or the connection was lost with the call in flight)
		 * @param cause why, for the log
		 */
		void notPublished(Outgoing event, boolean certain, String cause);

	}

}
