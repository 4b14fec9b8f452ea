package io.github.eventsource.core.internal;

import io.github.eventsource.core.OverflowPolicy;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * The bounded outbound buffer of one stream, written to a non-blocking transport.
 * <p>
 * {@link #offer(byte[], long) Offering} a frame only queues it, under this stream's own
 * lock, never doing I/O, so that a fan-out can queue one event for thousands of streams
 * in one ordered pass. {@link #wake()} then wakes the stream's writer: a task on the
 * stream's {@link Executor}, never the calling thread, so that a sender never writes to a
 * socket, and the end of a stream whose write failed never runs on another stream's
 * stack. The writer writes what is queued if the transport can take bytes now,
 * coalescing queued frames into writes of at most {@value #MAX_BATCH_BYTES} bytes; when
 * the transport cannot, the stream parks and the container calls {@link #writePossible()}
 * once it can, which writes the rest on the container's thread. No thread ever waits on a
 * client.
 * <p>
 * What a client does not read stays queued, bounded two ways. An ordered frame (one with
 * a position) is kept in its target's replay history too, shared by every stream: queued,
 * it costs the stream a reference, and the stream is bounded by what a history retains
 * ({@link Bounds#maxRetainedFrames()}, {@link Bounds#maxRetainedBytes()}), so that a slow
 * reader is cut off only once it is further behind than its history reaches. Every other
 * frame is the stream's own, bounded in frames and in bytes (counting the bytes the
 * transport holds of a write it could not finish). The {@link OverflowPolicy} decides
 * when a bound is reached.
 * <p>
 * Frames carry their position in the timeline of their targets. Until the stream is
 * {@link #start(List, long) started} with its replay nothing is written; the replay is
 * then written first, at the pace the client reads it, whatever its size, and the
 * ordered frames the replay already covered are dropped, then and later, so that a
 * reconnecting client gets every missed event once, followed by the live ones.
 * <p>
 * Thread-safe. The lock guards only the queue and the flags, never I/O; the
 * {@link Transport} is called by one thread at a time, and the {@link Listener} outside
 * the lock.
 */
public final class OutboundStream {

	/**
	 * The position of a frame that is not ordered: never dropped by a replay.
	 */
	public static final long UNORDERED = Long.MAX_VALUE;

	/**
	 * The replayed position of a stream whose replay covered nothing.
	 */
	public static final long NOTHING_REPLAYED = Long.MIN_VALUE;

	/**
	 * The most bytes the writer coalesces into one write, unless one frame is larger.
	 */
	static final int MAX_BATCH_BYTES = 256 * 1024;

	/**
	 * How many streams one task of {@link #wakeAll(List)} writes in turn.
	 */
	static final int WAKE_SHARE = 32;

	private static final Log logger = LogFactory.getLog(OutboundStream.class);

	private final Transport transport;

	private final Bounds bounds;

	private final Listener listener;

	private final Executor writer;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition ended = this.lock.newCondition();

	private final ArrayDeque<Frame> queue = new ArrayDeque<>(4);

	private final ArrayDeque<byte[]> replay = new ArrayDeque<>(0);

	private long queuedBytes;

	private int retainedFrames;

	private long retainedBytes;

	private long inFlightBytes;

	private long replayedUpTo = NOTHING_REPLAYED;

	private State state = State.NEW;

	private boolean connected;

	private boolean ready;

	private boolean writing;

	private boolean signalled;

	private boolean overflowed;

	private int dropped;

	private long firstQueuedNanos;

	private long blockedSinceNanos = System.nanoTime();

	private volatile long lastOfferNanos = this.blockedSinceNanos;

	/**
	 * Create a stream; nothing is written before the transport
	 * {@link #writePossible() can take bytes} and the stream is
	 * {@link #start(List, long) started}.
	 * @param transport where frames are written
	 * @param bounds how much may be queued, and what happens beyond
	 * @param listener told about writes, overflows and failures
	 * @param writer runs the writer when a {@link #wake()} wakes it
	 */
	public OutboundStream(Transport transport, Bounds bounds, Listener listener, Executor writer) {
		this.transport = transport;
		this.bounds = bounds;
		this.listener = listener;
		this.writer = writer;
	}

	/**
	 * Queue an event, or a comment, without writing it: call {@link #wake()} afterwards.
	 * @param frame the encoded bytes; shared, never modified
	 * @param position the frame's position in its target's timeline, or
	 * {@link #UNORDERED}
	 * @return whether the frame was queued: {@code false} if the stream is closing, the
	 * replay already gave it, or the overflow policy refused it
	 */
	public boolean offer(byte[] frame, long position) {
		return offer(new Frame(frame, position, true, position != UNORDERED));
	}

	/**
	 * Queue a frame that is not an event, such as the opening {@code retry:} field or a
	 * heartbeat, so that the {@link Listener} does not count it as one.
	 * @param frame the encoded bytes; shared, never modified
	 * @return whether the frame was queued
	 */
	public boolean offerControl(byte[] frame) {
		return offer(new Frame(frame, UNORDERED, false, false));
	}

	/**
	 * Queue a heartbeat frame if nothing was offered for the given time, and write it.
	 * @param frame the heartbeat frame
	 * @param idleNanos the idle time in nanoseconds
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return whether the frame was queued
	 */
	public boolean heartbeat(byte[] frame, long idleNanos, long nowNanos) {
		if (nowNanos - this.lastOfferNanos < idleNanos || !offerControl(frame)) {
			return false;
		}
		wake();
		return true;
	}

	private boolean offer(Frame frame) {
		this.lock.lock();
		try {
			if (this.state.compareTo(State.CLOSING) >= 0 || frame.position() <= this.replayedUpTo) {
				return false;
			}
			this.lastOfferNanos = System.nanoTime();
			if (fits(frame)) {
				enqueue(frame);
				return true;
			}
			return overflow(frame);
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean fits(Frame frame) {
		if (frame.retained()) {
			return this.retainedFrames < this.bounds.maxRetainedFrames()
					&& this.retainedBytes + frame.bytes().length <= this.bounds.maxRetainedBytes();
		}
		return this.queue.size() - this.retainedFrames < this.bounds.maxFrames()
				&& this.queuedBytes + this.inFlightBytes + frame.bytes().length <= this.bounds.maxBytes();
	}

	private void enqueue(Frame frame) {
		if (this.queue.isEmpty()) {
			this.firstQueuedNanos = System.nanoTime();
		}
		this.queue.add(frame);
		count(frame, 1);
	}

	/**
	 * Count a frame in or out of the bytes and frames it is bounded by.
	 */
	private void count(Frame frame, int sign) {
		if (frame.retained()) {
			this.retainedFrames += sign;
			this.retainedBytes += sign * (long) frame.bytes().length;
		}
		else {
			this.queuedBytes += sign * (long) frame.bytes().length;
		}
	}

	private boolean overflow(Frame frame) {
		switch (this.bounds.overflow()) {
			case DROP_OLDEST -> {
				Frame oldest;
				while (!fits(frame) && (oldest = this.queue.poll()) != null) {
					count(oldest, -1);
					this.dropped++;
				}
				if (fits(frame)) {
					enqueue(frame);
					return true;
				}
				this.dropped++;
				return false;
			}
			case DROP_NEWEST -> {
				this.dropped++;
				return false;
			}
			default -> {
				this.overflowed = true;
				this.state = State.CLOSING;
				clear();
				return false;
			}
		}
	}

	/**
	 * Start writing, once the replay of the stream is read: the replayed frames go first,
	 * read at the pace the client takes them, then the frames queued meanwhile that the
	 * replay did not cover; ordered frames the replay covered are refused from now on. The
	 * replayed frames are shared with the histories they were read from, and count against
	 * no bound of the stream.
	 * @param replayed the replayed frames, oldest first; possibly none, or a reset event
	 * @param upTo the position up to which the replay covered the timeline, or
	 * {@link #NOTHING_REPLAYED}
	 */
	public void start(List<byte[]> replayed, long upTo) {
		this.lock.lock();
		try {
			if (this.state != State.NEW) {
				return;
			}
			this.state = State.OPEN;
			if (this.blockedSinceNanos != 0) {
				// not written yet: blocked from now on, not while the stream was opening
				this.blockedSinceNanos = System.nanoTime();
			}
			this.replayedUpTo = upTo;
			for (Iterator<Frame> frames = this.queue.iterator(); frames.hasNext();) {
				Frame frame = frames.next();
				if (frame.position() <= upTo) {
					frames.remove();
					count(frame, -1);
				}
			}
			this.replay.addAll(replayed);
			if (!this.queue.isEmpty() || !this.replay.isEmpty()) {
				this.firstQueuedNanos = System.nanoTime();
			}
		}
		finally {
			this.lock.unlock();
		}
		wake();
	}

	/**
	 * Wake the writer, if the stream has something to do (write what is queued, report an
	 * overflow, end the transport) and no other thread is writing; it runs on the stream's
	 * executor, never on the calling thread, and reports overflows and drops to the
	 * listener there.
	 */
	public void wake() {
		if (claimWriter()) {
			write(List.of(this));
		}
	}

	/**
	 * Wake the writers of many streams at once, such as every recipient of a broadcast, as
	 * {@link #wake()} does for one: the streams with something to do are written by a
	 * few tasks, each taking up to {@value #WAKE_SHARE} of them in turn, rather than by a
	 * task each.
	 * @param streams the streams, all on one executor
	 */
	public static void wakeAll(List<OutboundStream> streams) {
		List<OutboundStream> claimed = new ArrayList<>(streams.size());
		for (OutboundStream stream : streams) {
			if (stream.claimWriter()) {
				claimed.add(stream);
			}
		}
		for (int from = 0; from < claimed.size(); from += WAKE_SHARE) {
			write(claimed.subList(from, Math.min(from + WAKE_SHARE, claimed.size())));
		}
	}

	/**
	 * Become the stream's writer, if it has something to do and no other thread writes.
	 */
	private boolean claimWriter() {
		this.lock.lock();
		try {
			if (this.writing || !hasWork()) {
				return false;
			}
			this.writing = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Run the writers of streams whose writer was claimed, in turn, on their executor.
	 */
	private static void write(List<OutboundStream> streams) {
		Runnable writers = () -> streams.forEach(OutboundStream::pumpGuarded);
		try {
			streams.get(0).writer.execute(writers);
		}
		catch (RejectedExecutionException ex) {
			// the executor stopped with the application: write on this thread
			writers.run();
		}
	}

	/**
	 * Pump, at a thread boundary: a failure of one stream's writer is logged, and never
	 * keeps the streams after it in the same task from being written.
	 */
	private void pumpGuarded() {
		try {
			pump();
		}
		catch (RuntimeException | Error ex) {
			logger.error(LogMessage.format("Writer of stream %s failed", this.listener), ex);
		}
	}

	/**
	 * Return whether the writer has something to do now. Called under the lock.
	 */
	private boolean hasWork() {
		return switch (this.state) {
			case NEW -> this.overflowed || this.dropped > 0;
			case OPEN -> this.overflowed || this.dropped > 0 || (this.ready && hasQueued());
			case CLOSING -> this.ready || this.overflowed || this.dropped > 0;
			case ABORTING -> true;
			case ENDED -> false;
		};
	}

	private boolean hasQueued() {
		return !this.queue.isEmpty() || !this.replay.isEmpty();
	}

	/**
	 * The transport can take bytes again, or for the first time: write what is queued.
	 * Called by the transport, on the container's thread.
	 */
	public void writePossible() {
		this.lock.lock();
		try {
			this.connected = true;
			this.ready = true;
			this.inFlightBytes = 0;
			this.blockedSinceNanos = 0;
			if (this.writing) {
				this.signalled = true;
				return;
			}
			this.writing = true;
		}
		finally {
			this.lock.unlock();
		}
		pump();
		notify(this.listener::writable);
	}

	/**
	 * Return whether the stream holds less than half of its bounds, in frames and in
	 * bytes, and takes frames: whether a source that feeds it should be asked for more.
	 * @return whether the stream has room
	 */
	public boolean hasRoom() {
		this.lock.lock();
		try {
			return this.state.compareTo(State.CLOSING) < 0 && this.replay.isEmpty()
					&& this.queue.size() - this.retainedFrames < this.bounds.maxFrames() / 2
					&& this.queuedBytes + this.inFlightBytes < this.bounds.maxBytes() / 2;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The transport failed outside a write, such as the container reporting a broken
	 * connection: end the stream.
	 * @param cause the failure
	 */
	public void transportFailed(Throwable cause) {
		fail((cause instanceof Exception ex) ? ex : new IOException(cause));
	}

	/**
	 * Complete the transport once the frames already queued are written. Later offers
	 * are refused.
	 */
	public void close() {
		this.lock.lock();
		try {
			if (this.state.compareTo(State.CLOSING) < 0) {
				this.state = State.CLOSING;
			}
		}
		finally {
			this.lock.unlock();
		}
		wake();
	}

	/**
	 * Complete the transport now, dropping what is queued: for a stream whose client
	 * stopped reading. A transport that never could take bytes is left alone, as the
	 * container may have recycled it. Later offers are refused.
	 */
	public void abort() {
		this.lock.lock();
		try {
			if (this.state != State.ENDED) {
				if (this.connected) {
					this.state = State.ABORTING;
				}
				else {
					end();
				}
			}
			clear();
		}
		finally {
			this.lock.unlock();
		}
		wake();
	}

	/**
	 * Queue a last frame, even beyond the bounds, and close the stream, because the
	 * application shuts down.
	 * @param lastFrame the last frame, such as a farewell
	 * @return whether the frame was queued: {@code false} if the stream was closing
	 * already
	 */
	public boolean shutDown(byte[] lastFrame) {
		this.lock.lock();
		try {
			if (this.state.compareTo(State.CLOSING) >= 0) {
				return false;
			}
			enqueue(new Frame(lastFrame, UNORDERED, false, false));
		}
		finally {
			this.lock.unlock();
		}
		close();
		return true;
	}

	/**
	 * Wait until the stream has ended: what it was to write is written (or dropped, for a
	 * stream aborted or failed) and its transport completed. An interrupted wait ends at
	 * once, with the thread's interrupt status kept.
	 * @param deadlineNanos the {@link System#nanoTime()} after which to wait no longer
	 * @return whether the stream has ended
	 */
	public boolean awaitEnded(long deadlineNanos) {
		this.lock.lock();
		try {
			long nanos = deadlineNanos - System.nanoTime();
			while (this.state != State.ENDED && nanos > 0) {
				nanos = this.ended.awaitNanos(nanos);
			}
			return this.state == State.ENDED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.state == State.ENDED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether the stream has had bytes it could not write, or could not write at
	 * all since it started, for longer than the given time: its client stopped reading or
	 * is gone without the container noticing. A stream that has not started yet is still
	 * being opened, by its request's thread, and is never stalled.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param limitNanos the longest time a stream may be blocked
	 * @return whether the stream is stalled
	 */
	public boolean isStalled(long nowNanos, long limitNanos) {
		this.lock.lock();
		try {
			return this.state != State.NEW && this.state.compareTo(State.ABORTING) < 0 && this.blockedSinceNanos != 0
					&& nowNanos - this.blockedSinceNanos > limitNanos;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the bytes this stream holds of its own: queued, and handed to the transport
	 * but not written yet. Frames shared with a replay history are not counted.
	 * @return the buffered bytes
	 */
	public long bufferedBytes() {
		this.lock.lock();
		try {
			return this.queuedBytes + this.inFlightBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void pump() {
		while (true) {
			Batch batch;
			long waitedNanos;
			this.lock.lock();
			try {
				this.signalled = false;
				boolean overflow = this.overflowed || this.dropped > 0;
				if (overflow || this.state == State.ABORTING || this.state == State.ENDED
						|| (this.state == State.CLOSING && this.ready && !hasQueued())) {
					this.writing = false;
					if (overflow) {
						batch = null;
					}
					else if (end()) {
						batch = Batch.END;
					}
					else {
						return;
					}
					waitedNanos = 0;
				}
				else if (this.state == State.NEW || !this.ready || !hasQueued()) {
					this.writing = false;
					return;
				}
				else {
					waitedNanos = System.nanoTime() - this.firstQueuedNanos;
					batch = takeBatch();
					if (hasQueued()) {
						this.firstQueuedNanos = System.nanoTime();
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			if (batch == null) {
				reportOverflow();
				return;
			}
			if (batch == Batch.END) {
				this.transport.complete();
				return;
			}
			if (!write(batch, waitedNanos)) {
				return;
			}
		}
	}

	/**
	 * Write one batch; return whether to go on writing.
	 */
	private boolean write(Batch batch, long waitedNanos) {
		boolean ready;
		try {
			ready = this.transport.write(batch.bytes());
		}
		catch (Exception ex) {
			fail(ex);
			return false;
		}
		if (batch.events() > 0) {
			notify(() -> this.listener.written(batch.events(), waitedNanos));
		}
		boolean complete;
		this.lock.lock();
		try {
			if (ready || this.signalled) {
				return true;
			}
			this.ready = false;
			this.inFlightBytes = batch.ownBytes();
			this.blockedSinceNanos = System.nanoTime();
			this.writing = false;
			complete = this.state == State.ABORTING && end();
		}
		finally {
			this.lock.unlock();
		}
		if (complete) {
			this.transport.complete();
		}
		return false;
	}

	/**
	 * Mark the transport ended, under the lock; return whether this call did.
	 */
	private boolean end() {
		if (this.state == State.ENDED) {
			return false;
		}
		this.state = State.ENDED;
		clear();
		this.ended.signalAll();
		return true;
	}

	/**
	 * Tell the listener what the overflow policy did, outside the lock: end the transport
	 * for a disconnect, else go on writing.
	 */
	private void reportOverflow() {
		boolean disconnect;
		int dropped;
		this.lock.lock();
		try {
			disconnect = this.overflowed && end();
			this.overflowed = false;
			dropped = this.dropped;
			this.dropped = 0;
		}
		finally {
			this.lock.unlock();
		}
		if (disconnect) {
			this.transport.complete();
			notify(() -> this.listener.overflowed(OverflowPolicy.DISCONNECT));
			return;
		}
		for (int i = 0; i < dropped; i++) {
			notify(() -> this.listener.overflowed(this.bounds.overflow()));
		}
		wake();
	}

	/**
	 * Take the next frames to write, the replay first, at most
	 * {@value #MAX_BATCH_BYTES} bytes unless the first frame is larger. Called under the
	 * lock.
	 */
	private Batch takeBatch() {
		List<byte[]> frames = new ArrayList<>();
		int size = 0;
		int events = 0;
		long ownBytes = 0;
		while (!this.replay.isEmpty() && (frames.isEmpty() || size + this.replay.peek().length <= MAX_BATCH_BYTES)) {
			byte[] frame = this.replay.poll();
			frames.add(frame);
			size += frame.length;
			events++;
		}
		Frame frame;
		while (this.replay.isEmpty() && (frame = this.queue.peek()) != null
				&& (frames.isEmpty() || size + frame.bytes().length <= MAX_BATCH_BYTES)) {
			this.queue.poll();
			count(frame, -1);
			frames.add(frame.bytes());
			size += frame.bytes().length;
			events += frame.event() ? 1 : 0;
			ownBytes += frame.retained() ? 0 : frame.bytes().length;
		}
		return new Batch(join(frames, size), events, ownBytes);
	}

	private static byte[] join(List<byte[]> frames, int size) {
		if (frames.size() == 1) {
			return frames.get(0);
		}
		byte[] joined = new byte[size];
		int position = 0;
		for (byte[] frame : frames) {
			System.arraycopy(frame, 0, joined, position, frame.length);
			position += frame.length;
		}
		return joined;
	}

	private void clear() {
		this.queue.clear();
		this.replay.clear();
		this.queuedBytes = 0;
		this.retainedFrames = 0;
		this.retainedBytes = 0;
	}

	private void fail(Exception ex) {
		this.lock.lock();
		try {
			this.writing = false;
			if (!end()) {
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		notify(() -> this.listener.writeFailed(ex));
	}

	/**
	 * Call the listener; what it throws is logged and never wedges the stream.
	 */
	private void notify(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("Listener of stream %s failed", this.listener), ex);
		}
	}

	/**
	 * Where a stream is in its life; it only ever moves forward.
	 */
	private enum State {

		/**
		 * Queues frames; writes nothing until {@link #start(List, long) started}.
		 */
		NEW,

		/**
		 * Writes what is queued whenever the transport takes bytes.
		 */
		OPEN,

		/**
		 * Takes no more frames; completes the transport once what is queued is written,
		 * or at once after an overflow that disconnects.
		 */
		CLOSING,

		/**
		 * Takes no more frames and dropped what was queued; completes the transport at
		 * once: the client stopped reading.
		 */
		ABORTING,

		/**
		 * The transport is completed, or failed; nothing more happens.
		 */
		ENDED

	}

	/**
	 * A queued frame.
	 *
	 * @param bytes the encoded frame
	 * @param position its position in the timeline, or {@link #UNORDERED}
	 * @param event whether it counts as an event
	 * @param retained whether a replay history keeps it too
	 */
	private record Frame(byte[] bytes, long position, boolean event, boolean retained) {
	}

	/**
	 * Frames taken to be written in one go.
	 *
	 * @param bytes the frames, joined
	 * @param events how many of them are events
	 * @param ownBytes how many bytes are of the stream's own frames
	 */
	private record Batch(byte[] bytes, int events, long ownBytes) {

		static final Batch END = new Batch(new byte[0], 0, 0);

	}

	/**
	 * How much a stream may hold, and what happens beyond.
	 *
	 * @param maxFrames the maximum number of queued frames of the stream's own
	 * @param maxBytes the maximum number of buffered bytes of the stream's own
	 * @param overflow what happens when a frame does not fit
	 * @param maxRetainedFrames the maximum number of queued frames that a replay history
	 * keeps too: how many events a history retains
	 * @param maxRetainedBytes the maximum bytes of queued frames that a replay history
	 * keeps too: how many bytes a history retains
	 */
	public record Bounds(int maxFrames, long maxBytes, OverflowPolicy overflow, int maxRetainedFrames,
			long maxRetainedBytes) {
	}

	/**
	 * Where a stream's frames go: a non-blocking output. Called by one thread at a time.
	 */
	public interface Transport {

		/**
		 * Write and flush bytes without blocking: what the client cannot take now the
		 * transport keeps, and it calls {@link OutboundStream#writePossible()} once it
		 * has written it.
		 * @param bytes the bytes
		 * @return whether the transport can take more bytes now; if {@code false}, it
		 * calls {@link OutboundStream#writePossible()} later
		 * @throws IOException if the client is gone
		 */
		boolean write(byte[] bytes) throws IOException;

		/**
		 * End the response. Must not throw. Not called after a failed write: the container
		 * ends a response whose connection failed, and reports it.
		 */
		void complete();

	}

	/**
	 * Told what happened to a stream; called on the thread that noticed, never under a
	 * lock of the stream. What it throws is logged.
	 */
	public interface Listener {

		/**
		 * A frame did not fit and the policy applied.
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
		 * The transport can take bytes again and the stream wrote what it could: room may
		 * have appeared. Called on the container's thread.
		 */
		void writable();

		/**
		 * A write failed, or the transport reported a failure; the stream is finished.
		 * @param ex the failure
		 */
		void writeFailed(Exception ex);

	}

}
