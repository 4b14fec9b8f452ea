package io.github.eventsource.core.internal;

import io.github.eventsource.core.OverflowPolicy;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * One stream written to a non-blocking transport: a reader of the {@link EventLog logs}
 * of its targets, with a small queue of its own.
 * <p>
 * The stream {@link #follow(EventLog.Cursor) follows} a cursor in the log of each of its
 * targets. Its writer runs on its {@link Executor} when {@link #wake() woken} (an append
 * to a log only wakes its readers), or on the container's thread when the transport
 * becomes {@link #writePossible() writable}, never on the thread of a sender: no sender
 * writes to a socket, and no stream ends on another's stack. The writer takes the next
 * frames of its logs, merged in timeline order with those of its own queue (the
 * session's own sends and control frames), while the transport takes bytes, in writes
 * of at most {@value #MAX_BATCH_BYTES} bytes; no thread ever waits on a client.
 * <p>
 * A reader is cut off only once it is further behind than its logs retain; the own queue
 * is bounded in frames and in bytes (those the transport holds included). Beyond either,
 * its {@link OverflowPolicy} applies.
 * <p>
 * Thread-safe. The lock guards the queue, the cursors and the state, never I/O; it may
 * be held while a log's lock is taken, never the other way round. The {@link Transport}
 * is called by one thread at a time, and the {@link Listener} outside the lock.
 */
public final class OutboundStream {

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

	private final List<EventLog.Cursor> cursors = new ArrayList<>(2);

	private final ArrayDeque<byte[]> replay = new ArrayDeque<>(0);

	private long queuedBytes;

	private long inFlightBytes;

	private volatile State state = State.NEW;

	/** Whether the transport ever could take bytes. */
	private boolean connected;

	private boolean writing;

	/** Whether the transport became writable while the writer wrote. */
	private boolean signalled;

	/** Frames dropped by the overflow policy, not reported yet. */
	private long dropped;

	/** Since when the stream could write nothing; {@code 0} while the transport takes bytes. */
	private long blockedSinceNanos = System.nanoTime();

	private volatile long lastOfferNanos = this.blockedSinceNanos;

	/**
	 * Create a stream; nothing is written before the transport
	 * {@link #writePossible() can take bytes} and the stream is
	 * {@link #start(List, long) started}.
	 * @param transport where frames are written
	 * @param bounds how much the stream's own queue may hold, and what happens beyond
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
	 * Read a log from a cursor it gave this stream, from now on.
	 * @param cursor the cursor
	 */
	public void follow(EventLog.Cursor cursor) {
		this.lock.lock();
		try {
			if (this.state.takesFrames()) {
				this.cursors.add(cursor);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop reading a log; a closing stream still writes what it held when it closed.
	 * @param cursor the cursor
	 */
	public void unfollow(EventLog.Cursor cursor) {
		this.lock.lock();
		try {
			if (this.state.takesFrames()) {
				this.cursors.remove(cursor);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Queue an event or a comment of the stream's own, without writing it: call
	 * {@link #wake()} afterwards.
	 * @param frame the encoded bytes; shared, never modified
	 * @return whether the frame was queued: {@code false} if the stream is closing or the
	 * overflow policy refused it
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

	private boolean offer(byte[] bytes, boolean event) {
		this.lock.lock();
		try {
			if (!this.state.takesFrames()) {
				return false;
			}
			Frame frame = ownFrame(bytes, event);
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

	/**
	 * Return a frame of the stream's own, at the current position of the timeline of its
	 * logs, so that it follows what they appended before. Called under the lock.
	 */
	private Frame ownFrame(byte[] bytes, boolean event) {
		long now = System.nanoTime();
		this.lastOfferNanos = now;
		long position = this.cursors.isEmpty() ? Long.MIN_VALUE : this.cursors.get(0).now();
		return new Frame(bytes, position, event, now, null, 0);
	}

	private boolean fits(Frame frame) {
		return this.queue.size() < this.bounds.maxFrames()
				&& this.queuedBytes + this.inFlightBytes + frame.bytes().length <= this.bounds.maxBytes();
	}

	private void enqueue(Frame frame) {
		this.queue.add(frame);
		this.queuedBytes += frame.bytes().length;
	}

	private boolean overflow(Frame frame) {
		switch (this.bounds.overflow()) {
			case DROP_OLDEST -> {
				Frame oldest;
				while (!fits(frame) && (oldest = this.queue.poll()) != null) {
					this.queuedBytes -= oldest.bytes().length;
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
				disconnect();
				return false;
			}
		}
	}

	private void disconnect() {
		this.state = State.DISCONNECTING;
		clear();
	}

	/**
	 * Start writing, once the replay of the stream is read: the frames replayed from
	 * elsewhere go first, read at the pace the client takes them, then what the logs hold
	 * from the given position on, merged with the stream's own queue.
	 * @param replayed frames replayed from elsewhere, oldest first; possibly none, or a
	 * reset event
	 * @param upTo the position after which the logs that replay are read, the entries up
	 * to it skipped if they come later; or {@link #NOTHING_REPLAYED} to read them from
	 * where the stream started following them
	 */
	public void start(List<byte[]> replayed, long upTo) {
		this.lock.lock();
		try {
			if (this.state != State.NEW) {
				return;
			}
			this.state = State.OPEN;
			if (!isReady()) {
				// not written yet: blocked from now on, not while the stream was opening
				this.blockedSinceNanos = System.nanoTime();
			}
			if (upTo != NOTHING_REPLAYED) {
				this.cursors.forEach((cursor) -> cursor.seek(upTo));
			}
			this.replay.addAll(replayed);
		}
		finally {
			this.lock.unlock();
		}
		wake();
	}

	/**
	 * Wake the writer, if the stream has something to do and no other thread writes: it
	 * runs on the stream's executor, never on the calling thread, and reports overflows
	 * there.
	 */
	public void wake() {
		if (claimWriter()) {
			runWriters(List.of(this));
		}
	}

	/**
	 * {@link #wake() Wake} the writers of many streams, such as the readers of a log, with
	 * a task for up to {@value #WAKE_SHARE} of them rather than a task each.
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
			runWriters(claimed.subList(from, Math.min(from + WAKE_SHARE, claimed.size())));
		}
	}

	/**
	 * Become the stream's writer, if it has something to do and no other thread writes.
	 */
	private boolean claimWriter() {
		this.lock.lock();
		try {
			this.lastOfferNanos = System.nanoTime();
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
	private static void runWriters(List<OutboundStream> streams) {
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
	 * Pump at a thread boundary: a failure is logged, and never keeps the streams after
	 * this one in the same task from being written.
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
		boolean overflow = this.dropped > 0 || isBehind();
		return switch (this.state) {
			case NEW -> overflow;
			case OPEN -> overflow || (isReady() && hasQueued());
			case CLOSING -> isReady() || overflow;
			case DISCONNECTING, ABORTING -> true;
			case ENDED -> false;
		};
	}

	private boolean isReady() {
		return this.blockedSinceNanos == 0;
	}

	private boolean isBehind() {
		for (EventLog.Cursor cursor : this.cursors) {
			if (cursor.isBehind()) {
				return true;
			}
		}
		return false;
	}

	private boolean hasQueued() {
		if (!this.queue.isEmpty() || !this.replay.isEmpty()) {
			return true;
		}
		for (EventLog.Cursor cursor : this.cursors) {
			if (cursor.hasUnread()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Apply the overflow policy to the cursors whose next entry their log evicted; a
	 * closing stream skips what it missed. Called under the lock.
	 */
	private void catchUp() {
		boolean taking = this.state.takesFrames();
		for (EventLog.Cursor cursor : this.cursors) {
			if (taking && cursor.isBehind() && this.bounds.overflow() == OverflowPolicy.DISCONNECT) {
				disconnect();
				return;
			}
			long missed = cursor.skipEvicted();
			if (taking) {
				this.dropped += missed;
			}
		}
	}

	/**
	 * The transport can take bytes again, or for the first time: write what is queued.
	 * Called by the transport, on the container's thread.
	 */
	public void writePossible() {
		this.lock.lock();
		try {
			this.connected = true;
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
	 * Return whether the stream's own queue holds less than half of its bounds, in
	 * frames and in bytes, and takes frames: whether a source that feeds it should be
	 * asked for more.
	 * @return whether the stream has room
	 */
	public boolean hasRoom() {
		this.lock.lock();
		try {
			return this.replay.isEmpty() && hasRoom(this.queue.size(), this.queuedBytes + this.inFlightBytes);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether a reader this far from the end of a log takes frames and is within
	 * half of the stream's bounds, as {@link #hasRoom()}. Takes no lock: called by a log
	 * under its own.
	 */
	boolean hasRoom(long unreadFrames, long unreadBytes) {
		return this.state.takesFrames() && unreadFrames < this.bounds.maxFrames() / 2
				&& unreadBytes < this.bounds.maxBytes() / 2;
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
	 * Complete the transport once the frames already queued, and those its logs hold for
	 * it now, are written. Later offers are refused.
	 */
	public void close() {
		this.lock.lock();
		try {
			if (this.state.takesFrames()) {
				this.state = State.CLOSING;
				this.cursors.forEach(EventLog.Cursor::freeze);
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
	 * container may have recycled it; a stream disconnected for an overflow still reports
	 * it. Later offers are refused.
	 */
	public void abort() {
		this.lock.lock();
		try {
			if (!this.connected) {
				end();
			}
			else if (this.state.compareTo(State.DISCONNECTING) < 0) {
				this.state = State.ABORTING;
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
			if (!this.state.takesFrames()) {
				return false;
			}
			enqueue(ownFrame(lastFrame, false));
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
			return this.state != State.NEW && this.state.compareTo(State.ABORTING) < 0 && !isReady()
					&& nowNanos - this.blockedSinceNanos > limitNanos;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the bytes this stream holds of its own: queued, and handed to the transport
	 * but not written yet. Frames its logs hold for it are not counted.
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
		Batch batch;
		while ((batch = nextBatch()) != null) {
			if (batch == Batch.OVERFLOW) {
				reportOverflow();
				return;
			}
			if (batch == Batch.END) {
				this.transport.complete();
				return;
			}
			// with no batch, frames of a log wait for an append to another log to complete
			if (batch != Batch.NONE && !write(batch)) {
				return;
			}
		}
	}

	/**
	 * Return what the writer does next: write a batch (or none yet), report an overflow,
	 * complete the transport, or nothing ({@code null}); unless it writes, it stops being
	 * the writer.
	 */
	private @Nullable Batch nextBatch() {
		this.lock.lock();
		try {
			this.signalled = false;
			catchUp();
			Batch next = null;
			if (this.dropped > 0 || this.state == State.DISCONNECTING) {
				next = Batch.OVERFLOW;
			}
			else if (this.state.compareTo(State.ABORTING) >= 0
					|| (this.state == State.CLOSING && isReady() && !hasQueued())) {
				next = end() ? Batch.END : null;
			}
			else if (this.state != State.NEW && isReady() && hasQueued()) {
				return takeBatch();
			}
			this.writing = false;
			return next;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Write one batch; return whether to go on writing.
	 */
	private boolean write(Batch batch) {
		long waitedNanos = System.nanoTime() - batch.oldestNanos();
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
	 * Tell the listener what the overflow policy did: complete the transport for a
	 * disconnect, else go on writing.
	 */
	private void reportOverflow() {
		boolean disconnect;
		long dropped;
		this.lock.lock();
		try {
			disconnect = this.state == State.DISCONNECTING && end();
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
		for (long i = 0; i < dropped; i++) {
			notify(() -> this.listener.overflowed(this.bounds.overflow()));
		}
		wake();
	}

	/**
	 * Take the next frames to write, the replayed frames first, then those of the logs
	 * and the stream's own queue merged in timeline order, at most
	 * {@value #MAX_BATCH_BYTES} bytes unless the first frame is larger. A log's frames are
	 * taken up to the position below which no other log appends any more, so that no
	 * frame is taken before one that precedes it in the timeline. Called under the lock.
	 */
	private Batch takeBatch() {
		List<byte[]> frames = new ArrayList<>();
		int size = 0;
		int events = 0;
		long ownBytes = 0;
		long oldestNanos = System.nanoTime();
		while (!this.replay.isEmpty() && (frames.isEmpty() || size + this.replay.peek().length <= MAX_BATCH_BYTES)) {
			byte[] frame = this.replay.poll();
			frames.add(frame);
			size += frame.length;
			events++;
		}
		if (!this.replay.isEmpty()) {
			return new Batch(join(frames, size), events, 0, oldestNanos);
		}
		long upTo = Long.MAX_VALUE;
		for (EventLog.Cursor cursor : this.cursors) {
			upTo = Math.min(upTo, cursor.bound());
		}
		List<List<Frame>> logs = new ArrayList<>(this.cursors.size());
		for (EventLog.Cursor cursor : this.cursors) {
			logs.add(cursor.peek(upTo, MAX_BATCH_BYTES - size));
		}
		int[] taken = new int[logs.size()];
		while (true) {
			// the oldest frame of the logs, then of the own queue: a log's frame goes first at
			// the same position
			int from = -1;
			Frame frame = null;
			for (int i = 0; i < logs.size(); i++) {
				Frame head = (taken[i] < logs.get(i).size()) ? logs.get(i).get(taken[i]) : null;
				if (head != null && (frame == null || head.position() < frame.position())) {
					from = i;
					frame = head;
				}
			}
			Frame own = this.queue.peek();
			if (own != null && own.position() <= upTo && (frame == null || own.position() < frame.position())) {
				frame = own;
			}
			if (frame == null || (!frames.isEmpty() && size + frame.bytes().length > MAX_BATCH_BYTES)) {
				break;
			}
			frames.add(frame.bytes());
			size += frame.bytes().length;
			events += frame.event() ? 1 : 0;
			oldestNanos = Math.min(oldestNanos, frame.nanos());
			EventLog.Cursor cursor = frame.cursor();
			if (cursor != null) {
				taken[from]++;
				cursor.advanceTo(frame.next());
			}
			else {
				this.queue.poll();
				this.queuedBytes -= frame.bytes().length;
				ownBytes += frame.bytes().length;
			}
		}
		return frames.isEmpty() ? Batch.NONE : new Batch(join(frames, size), events, ownBytes, oldestNanos);
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
		this.cursors.forEach(EventLog.Cursor::release);
		this.cursors.clear();
		this.queuedBytes = 0;
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
		 * Follows its logs and queues frames; writes nothing until
		 * {@link #start(List, long) started}.
		 */
		NEW,

		/**
		 * Writes what its logs and queue hold whenever the transport takes bytes.
		 */
		OPEN,

		/**
		 * Takes no more frames; completes the transport once what was queued and held by
		 * its logs when it closed is written.
		 */
		CLOSING,

		/**
		 * Overflowed with the {@link OverflowPolicy#DISCONNECT} policy: dropped what was
		 * queued; completes the transport at once, and reports the overflow.
		 */
		DISCONNECTING,

		/**
		 * Takes no more frames and dropped what was queued; completes the transport at
		 * once: the client stopped reading.
		 */
		ABORTING,

		/**
		 * The transport is completed, or failed; nothing more happens.
		 */
		ENDED;

		boolean takesFrames() {
			return compareTo(CLOSING) < 0;
		}

	}

	/**
	 * A frame to write: of a log, or of the stream's own queue.
	 *
	 * @param bytes the encoded frame
	 * @param position its position in the timeline: a log's frame goes before the
	 * stream's own frames at or after it
	 * @param event whether it counts as an event
	 * @param nanos the {@link System#nanoTime()} it was appended or queued at
	 * @param cursor the cursor of the log it was taken from, or {@code null} for a frame
	 * of the stream's own
	 * @param next the index of the log's entry after it
	 */
	record Frame(byte[] bytes, long position, boolean event, long nanos, EventLog.@Nullable Cursor cursor,
			long next) {
	}

	/**
	 * Frames taken to be written in one go.
	 *
	 * @param bytes the frames, joined
	 * @param events how many of them are events
	 * @param ownBytes how many bytes are of the stream's own frames
	 * @param oldestNanos when the oldest of them was appended or queued
	 */
	private record Batch(byte[] bytes, int events, long ownBytes, long oldestNanos) {

		static final Batch NONE = new Batch(new byte[0], 0, 0, 0);

		static final Batch OVERFLOW = new Batch(new byte[0], 0, 0, 0);

		static final Batch END = new Batch(new byte[0], 0, 0, 0);

	}

	/**
	 * How much a stream's own queue may hold, and what happens beyond, to its queue and
	 * to the reading of its logs.
	 *
	 * @param maxFrames the maximum number of queued frames of the stream's own
	 * @param maxBytes the maximum number of buffered bytes of the stream's own, with
	 * those the transport holds
	 * @param overflow what happens when a frame does not fit, or when the stream falls
	 * further behind than a log retains
	 */
	public record Bounds(int maxFrames, long maxBytes, OverflowPolicy overflow) {
	}

	/**
	 * Where a stream's frames go: a non-blocking output. Called by one thread at a time.
	 */
	public interface Transport {

		/**
		 * Write and flush bytes without blocking, keeping what the client cannot take
		 * now.
		 * @param bytes the bytes
		 * @return whether the transport can take more bytes now; if {@code false}, it
		 * calls {@link OutboundStream#writePossible()} once it wrote what it kept
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
		 * Events were written in one write; not called for a write of control frames
		 * (heartbeats, the {@code retry:} field) only.
		 * @param events the number of events and comments written
		 * @param waitedNanos how long the oldest frame waited between being offered and
		 * written, in nanoseconds
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
