package io.github.eventsource.core;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded outbound buffer of one stream and the writer that drains it.
 * <p>
 * {@link #offer(byte[])} never blocks on the network: it queues the frame and, if no
 * writer is active for this stream, hands one drain task to the writer executor. At most
 * one drain task runs per stream, so frames are written in order and never interleave;
 * frames queued while a write is in progress are coalesced into the next write. Every
 * call to the {@link Transport} happens on the writer executor, never on the caller's
 * thread, so a stalled client cannot block the threads that send to it. The lock guards
 * only the queue, never I/O.
 *
 * @since 0.1.0
 */
public final class OutboundStream {

	private final Transport transport;

	private final Executor executor;

	private final int capacity;

	private final OverflowPolicy overflowPolicy;

	private final Listener listener;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<byte[]> queue = new ArrayDeque<>(4);

	private final Runnable drain = this::drain;

	private boolean draining;

	private boolean closing;

	private boolean aborted;

	private boolean finished;

	private boolean shuttingDown;

	private long firstQueuedNanos;

	private int queuedEvents;

	private volatile long lastOfferNanos = System.nanoTime();

	/**
	 * Create a stream.
	 * @param transport where frames are written
	 * @param executor runs the drain tasks
	 * @param capacity the maximum number of queued frames
	 * @param overflowPolicy what happens when the queue is full
	 * @param listener told about overflows and failed writes
	 */
	public OutboundStream(Transport transport, Executor executor, int capacity, OverflowPolicy overflowPolicy,
			Listener listener) {
		this.transport = transport;
		this.executor = executor;
		this.capacity = capacity;
		this.overflowPolicy = overflowPolicy;
		this.listener = listener;
	}

	/**
	 * Queue an event (or a comment) for writing.
	 * @param frame the encoded bytes; shared, never modified
	 * @return whether the frame was queued: {@code false} if the stream is closing, or the
	 * frame was dropped or the stream disconnected because the queue was full
	 */
	public boolean offer(byte[] frame) {
		return offer(frame, true);
	}

	/**
	 * Queue a frame that is not an event, such as the opening {@code retry:} field or a
	 * heartbeat, so that the {@link Listener} does not count it as one.
	 * @param frame the encoded bytes; shared, never modified
	 * @return whether the frame was queued
	 */
	public boolean offerControl(byte[] frame) {
		return offer(frame, false);
	}

	private boolean offer(byte[] frame, boolean event) {
		boolean startDrain;
		boolean overflowed = false;
		boolean queued = false;
		this.lock.lock();
		try {
			if (this.closing || this.aborted || this.finished) {
				return false;
			}
			if (this.queue.size() >= this.capacity) {
				overflowed = true;
				switch (this.overflowPolicy) {
					case DROP_OLDEST -> {
						// the dropped frame is taken for an event: control frames are rare
						this.queue.poll();
						this.queue.add(frame);
						this.queuedEvents += (event ? 0 : -1);
						queued = true;
					}
					case DROP_NEWEST -> {
					}
					case DISCONNECT -> {
						this.aborted = true;
						this.queue.clear();
						this.queuedEvents = 0;
					}
				}
			}
			else {
				if (this.queue.isEmpty()) {
					this.firstQueuedNanos = System.nanoTime();
				}
				this.queue.add(frame);
				this.queuedEvents += (event ? 1 : 0);
				queued = true;
			}
			startDrain = (queued || this.aborted) && !this.draining;
			this.draining |= startDrain;
		}
		finally {
			this.lock.unlock();
		}
		this.lastOfferNanos = System.nanoTime();
		if (startDrain) {
			this.executor.execute(this.drain);
		}
		if (overflowed) {
			overflowed();
		}
		return queued;
	}

	/**
	 * Queue a frame only if nothing was offered for the given time, for heartbeats.
	 * @param frame the heartbeat frame
	 * @param idleNanos the idle time in nanoseconds
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return whether the frame was queued
	 */
	public boolean offerIfIdle(byte[] frame, long idleNanos, long nowNanos) {
		return nowNanos - this.lastOfferNanos >= idleNanos && offerControl(frame);
	}

	/**
	 * Complete the transport once the frames already queued are written. Later offers
	 * are refused.
	 */
	public void close() {
		this.lock.lock();
		try {
			this.closing = true;
			if (this.draining || this.finished) {
				return;
			}
			this.draining = true;
		}
		finally {
			this.lock.unlock();
		}
		this.executor.execute(this.drain);
	}

	/**
	 * Queue a last frame and close the stream, because the application shuts down: one
	 * drain task hands what is queued and the last frame to the transport, which ends the
	 * response with them {@link Transport#completeOnShutdown(byte[]) the cheapest way}.
	 * The last frame is queued even if the queue is full. Later offers are refused.
	 * @param lastFrame the last frame, such as a farewell
	 * @return whether the frame was queued: {@code false} if the stream was closing already
	 */
	public boolean shutDown(byte[] lastFrame) {
		this.lock.lock();
		try {
			if (this.closing || this.aborted || this.finished) {
				return false;
			}
			if (this.queue.isEmpty()) {
				this.firstQueuedNanos = System.nanoTime();
			}
			this.queue.add(lastFrame);
			this.closing = true;
			this.shuttingDown = true;
			if (this.draining) {
				return true;
			}
			this.draining = true;
		}
		finally {
			this.lock.unlock();
		}
		this.executor.execute(this.drain);
		return true;
	}

	/**
	 * Return the number of frames waiting to be written.
	 * @return the queue size
	 */
	public int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void drain() {
		while (true) {
			byte[] batch;
			int events = 0;
			long queuedSince = 0;
			boolean shutdown;
			boolean last = false;
			this.lock.lock();
			try {
				if (this.finished) {
					this.draining = false;
					return;
				}
				shutdown = this.shuttingDown;
				if (this.aborted || (this.closing && this.queue.isEmpty())) {
					this.finished = true;
					this.draining = false;
					batch = null;
				}
				else if (this.queue.isEmpty()) {
					this.draining = false;
					return;
				}
				else {
					events = Math.max(0, this.queuedEvents);
					this.queuedEvents = 0;
					queuedSince = this.firstQueuedNanos;
					batch = takeBatch();
					last = shutdown && this.queue.isEmpty();
					if (last) {
						this.finished = true;
						this.draining = false;
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			if (batch == null) {
				if (shutdown) {
					this.transport.completeOnShutdown();
				}
				else {
					this.transport.complete();
				}
				return;
			}
			try {
				if (last) {
					this.transport.completeOnShutdown(batch);
				}
				else {
					this.transport.write(batch);
				}
			}
			catch (Exception ex) {
				fail(ex);
				return;
			}
			if (events > 0) {
				this.listener.written(events, System.nanoTime() - queuedSince);
			}
			if (last) {
				return;
			}
		}
	}

	private byte[] takeBatch() {
		if (this.queue.size() == 1) {
			return this.queue.poll();
		}
		int size = 0;
		for (byte[] frame : this.queue) {
			size += frame.length;
		}
		byte[] batch = new byte[size];
		int position = 0;
		byte[] frame;
		while ((frame = this.queue.poll()) != null) {
			System.arraycopy(frame, 0, batch, position, frame.length);
			position += frame.length;
		}
		return batch;
	}

	/**
	 * Tell the listener; a disconnect is told from the writer executor, since the caller
	 * may hold locks (a channel's) that closing the session takes in another order.
	 */
	private void overflowed() {
		if (this.overflowPolicy == OverflowPolicy.DISCONNECT) {
			this.executor.execute(() -> this.listener.overflowed(OverflowPolicy.DISCONNECT));
		}
		else {
			this.listener.overflowed(this.overflowPolicy);
		}
	}

	private void fail(Exception ex) {
		this.lock.lock();
		try {
			this.finished = true;
			this.draining = false;
			this.queue.clear();
			this.queuedEvents = 0;
		}
		finally {
			this.lock.unlock();
		}
		this.transport.fail(ex);
		this.listener.writeFailed(ex);
	}

	/**
	 * Where a stream's frames go; called only from the writer executor, one call at a
	 * time.
	 */
	public interface Transport {

		/**
		 * Write and flush bytes to the client.
		 * @param bytes the bytes
		 * @throws IOException if the client is gone
		 */
		void write(byte[] bytes) throws IOException;

		/**
		 * End the response. Must not throw.
		 */
		void complete();

		/**
		 * End the response as the application shuts down, the cheapest way the transport
		 * has. Must not throw. {@link #complete()} by default.
		 */
		default void completeOnShutdown() {
			complete();
		}

		/**
		 * Write the last bytes and end the response as the application shuts down, the
		 * cheapest way the transport has: the bytes may go out with the end of the
		 * response instead of being flushed on their own. {@link #write(byte[])} then
		 * {@link #complete()} by default.
		 * @param bytes the last bytes
		 * @throws IOException if the client is gone
		 */
		default void completeOnShutdown(byte[] bytes) throws IOException {
			write(bytes);
			complete();
		}

		/**
		 * End the response after a failed write. Must not throw.
		 * @param cause the failure
		 */
		void fail(Exception cause);

	}

	/**
	 * Told what happened to a stream; called on the thread that noticed.
	 */
	public interface Listener {

		/**
		 * The queue was full when a frame was offered and the policy applied.
		 * @param policy the policy that applied
		 */
		void overflowed(OverflowPolicy policy);

		/**
		 * Events were written in one write; not called for writes of control frames
		 * only.
		 * @param events the number of events and comments written, control frames
		 * (heartbeats, the {@code retry:} field) not counted
		 * @param waitedNanos how long the oldest queued frame waited between being offered
		 * and written, in nanoseconds
		 */
		void written(int events, long waitedNanos);

		/**
		 * A write failed; the stream is finished.
		 * @param ex the failure
		 */
		void writeFailed(Exception ex);

	}

}
