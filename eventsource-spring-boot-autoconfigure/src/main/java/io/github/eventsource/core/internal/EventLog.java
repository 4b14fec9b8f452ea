package io.github.eventsource.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The log of one target (a path, a group, a user, a resumable generation): its frames,
 * encoded once and shared by every reader, at positions of the instance's one
 * {@link Timeline}, with their ids.
 * <p>
 * Streams are its readers: each has a {@link Cursor}, the index of the next entry it
 * takes, and takes entries at the pace its socket takes bytes. Appending never writes:
 * it returns the readers to wake. What the log keeps depends on its {@link Retention}: a
 * history keeps the newest entries within its bounds in events and bytes, and, with a
 * {@link Budget}, in age and within the total bytes of every history of the instance,
 * the oldest evicted first; a short log keeps an entry until every reader took it,
 * within its bounds. A reader whose next entry was evicted is
 * {@link Cursor#isBehind() behind}: it meets its overflow policy.
 * <p>
 * Entries are replayable or not: a replayable entry is read again by a reader that
 * {@link Cursor#seek(long) seeks} to a position before it (a replay after
 * {@code Last-Event-ID}); one that is not (presence) only by the readers that followed
 * the log when it was appended.
 * <p>
 * Thread-safe: one lock per log, held to append, evict and take entries, never while a
 * frame is encoded or written or a reader woken.
 */
public final class EventLog {

	/**
	 * The position of a {@link #deliver(byte[], long) delivered} frame that is not
	 * replayable: it gets the next position of the timeline.
	 */
	public static final long UNORDERED = Long.MAX_VALUE;

	/**
	 * What an entry of a history costs beyond its frame, counted against the total
	 * budget so that millions of tiny events cannot hold more than it.
	 */
	static final int ENTRY_OVERHEAD = 160;

	private static final byte[] EMPTY = new byte[0];

	private final Timeline timeline;

	private final boolean replays;

	private final Bounds bounds;

	private final @Nullable Budget budget;

	private final ReentrantLock lock = new ReentrantLock();

	/** The entries from index {@code base} on, {@code null} before {@code first}. */
	private final ArrayList<@Nullable Entry> entries = new ArrayList<>();

	private final Map<OutboundStream, Cursor> readers = new LinkedHashMap<>();

	/** The cursors of closing readers of a short log that still have entries to take. */
	private final List<Cursor> draining = new ArrayList<>(0);

	private long base;

	private volatile long first;

	private volatile long next;

	private long appendedBytes;

	private long floor;

	/**
	 * Create a log.
	 * @param timeline the timeline that gives positions
	 * @param replays whether the entries appended get an id and are replayable
	 * @param bounds what the log keeps
	 * @param budget the bounds in age and bytes of every history together, or
	 * {@code null}
	 * @param floor the position after which the log is complete: a replay after an older
	 * position is a reset
	 */
	public EventLog(Timeline timeline, boolean replays, Bounds bounds, @Nullable Budget budget, long floor) {
		this.timeline = timeline;
		this.replays = replays;
		this.bounds = bounds;
		this.budget = budget;
		this.floor = floor;
	}

	/**
	 * Append an encoded event at the next position of the timeline, with its id if the
	 * log replays (its position in decimal if the event has none), and keep it within the
	 * bounds.
	 * @param encoded the encoded event, without an id if it has none; shared, never
	 * modified
	 * @param id the event's id, or {@code null}
	 * @return the readers to wake
	 */
	public List<OutboundStream> append(byte[] encoded, @Nullable String id) {
		this.lock.lock();
		try {
			long position = this.timeline.next();
			if (!this.replays) {
				return add(position, null, encoded, false);
			}
			String entryId = (id != null) ? id : Long.toString(position);
			return add(position, entryId, (id != null) ? encoded : EventEncoder.withId(entryId, encoded), true);
		}
		finally {
			this.lock.unlock();
			trimBudget();
		}
	}

	/**
	 * Append a frame encoded and positioned elsewhere (on another instance of a
	 * cluster), or a frame that is not replayable (presence).
	 * @param frame the encoded frame, its id included; shared, never modified
	 * @param position its position in the timeline, or {@link #UNORDERED}
	 * @return the readers to wake
	 */
	public List<OutboundStream> deliver(byte[] frame, long position) {
		this.lock.lock();
		try {
			if (position == UNORDERED) {
				return add(this.timeline.next(), null, frame, false);
			}
			this.timeline.advanceTo(position);
			return add(position, null, frame, true);
		}
		finally {
			this.lock.unlock();
			trimBudget();
		}
	}

	/**
	 * Add a reader that takes what is appended from now on.
	 * @param reader the stream
	 * @return its cursor, to be {@link OutboundStream#follow followed} by the stream
	 */
	public Cursor subscribe(OutboundStream reader) {
		return subscribe(reader, Long.MAX_VALUE);
	}

	/**
	 * Add a reader that starts at an index, such as a stream of a generation that
	 * resumes it.
	 * @param reader the stream
	 * @param index the index of the first entry to take, within the kept entries and the
	 * end: {@code 0} for the oldest kept, {@link Long#MAX_VALUE} for the end
	 * @return its cursor, to be {@link OutboundStream#follow followed} by the stream
	 */
	public Cursor subscribe(OutboundStream reader, long index) {
		this.lock.lock();
		try {
			Cursor cursor = new Cursor(this, Math.min(Math.max(index, this.first), this.next));
			this.readers.put(reader, cursor);
			return cursor;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a reader. A short log keeps what the cursor of a closing reader still has to
	 * take until it took it or ended.
	 * @param reader the stream
	 * @return its cursor, or {@code null} if it did not read this log
	 */
	public @Nullable Cursor unsubscribe(OutboundStream reader) {
		this.lock.lock();
		try {
			Cursor cursor = this.readers.remove(reader);
			if (cursor != null && !isHistory() && cursor.limit != Long.MAX_VALUE && cursor.hasUnread()) {
				this.draining.add(cursor);
			}
			return cursor;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of readers.
	 * @return the number of readers
	 */
	public int readers() {
		this.lock.lock();
		try {
			return this.readers.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether a reader is near enough to the end of the log to take more: whether
	 * a source that feeds this log should be asked for more. A log without readers has
	 * room.
	 * @return whether the fastest reader has room
	 */
	public boolean hasRoom() {
		this.lock.lock();
		try {
			for (Map.Entry<OutboundStream, Cursor> reader : this.readers.entrySet()) {
				long index = Math.max(reader.getValue().index, this.first);
				if (reader.getKey().hasRoom(this.next - index, bytesFrom(index))) {
					return true;
				}
			}
			return this.readers.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the index of the first entry after the one with the given id.
	 * @param id the id of the last event a client received
	 * @return the index, or {@code null} if no kept entry has this id
	 */
	public @Nullable Long indexAfter(String id) {
		this.lock.lock();
		try {
			long index = indexOf(id);
			return (index >= this.first) ? index + 1 : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the position of the kept entry with the given id.
	 * @param id the event id
	 * @return its position, or {@code null} if no kept entry has this id
	 */
	public @Nullable Long positionOf(String id) {
		this.lock.lock();
		try {
			long index = indexOf(id);
			return (index >= this.first) ? entry(index).position : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of kept entries after a position.
	 * @param position the position
	 * @return the number of entries
	 */
	public int countAfter(long position) {
		return (int) (this.next - Math.max(this.first, indexAfterPosition(position)));
	}

	/**
	 * Return whether the log keeps its entries after they were read: whether it is a
	 * history.
	 * @return whether the log is a history
	 */
	public boolean isHistory() {
		return this.bounds.retention() != Retention.READ;
	}

	/**
	 * Return whether the log evicted entries since it started.
	 * @return whether the log is truncated
	 */
	public boolean isTruncated() {
		return this.first > 0;
	}

	/**
	 * Return the position after which the log is complete: the newest replayable entry it
	 * evicted.
	 * @return the floor
	 */
	public long floor() {
		this.lock.lock();
		try {
			return this.floor;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of kept entries.
	 * @return the number of entries
	 */
	public int size() {
		return (int) (this.next - this.first);
	}

	/**
	 * Return whether the log may go: it has neither readers nor entries.
	 * @return whether the log is disposable
	 */
	public boolean isDisposable() {
		this.lock.lock();
		try {
			pruneDraining();
			return this.readers.isEmpty() && this.draining.isEmpty() && this.next == this.first;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Evict what the readers of a short log all took; a history is expired by its
	 * {@link Budget#expire() budget}.
	 */
	public void expire() {
		if (!isHistory()) {
			this.lock.lock();
			try {
				trimRead();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Return the index after the newest replayable entry at or before a position (found
	 * from the end: positions delivered from elsewhere need not grow with those given
	 * here); before the oldest kept entry if replayable entries after the position were
	 * evicted.
	 */
	private long indexAfterPosition(long position) {
		this.lock.lock();
		try {
			if (this.floor > position) {
				return this.first - 1;
			}
			long index = this.next;
			while (index > this.first && (!entry(index - 1).replayable || entry(index - 1).position > position)) {
				index--;
			}
			return index;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the index of the newest kept entry with the given id, before the oldest
	 * kept entry if none has it. Called under the lock.
	 */
	private long indexOf(String id) {
		long index = this.next - 1;
		while (index >= this.first && !id.equals(entry(index).id)) {
			index--;
		}
		return index;
	}

	/**
	 * Return the bytes of the kept frames from an index on. Called under the lock.
	 */
	private long bytesFrom(long index) {
		return (index < this.next) ? this.appendedBytes - entry(index).offset : 0;
	}

	private Entry entry(long index) {
		Entry entry = this.entries.get((int) (index - this.base));
		if (entry == null) {
			throw new IllegalStateException("Entry " + index + " was evicted");
		}
		return entry;
	}

	/**
	 * Add an entry, evict what exceeds the bounds, and return the readers to wake.
	 * Called under the lock.
	 */
	private List<OutboundStream> add(long position, @Nullable String id, byte[] frame, boolean replayable) {
		Entry entry = new Entry(this, position, id, frame, replayable, this.appendedBytes);
		this.entries.add(entry);
		this.next++;
		this.appendedBytes += frame.length;
		if (this.budget != null) {
			this.budget.added(entry);
		}
		int keep = (this.bounds.retention() == Retention.RUN) ? 1 : 0;
		while (size() > keep && (size() > this.bounds.maxEvents() || bytesFrom(this.first) > this.bounds.maxBytes())) {
			evictOldest();
		}
		if (!isHistory()) {
			trimRead();
		}
		return new ArrayList<>(this.readers.keySet());
	}

	/**
	 * Evict what every reader took. Called under the lock.
	 */
	private void trimRead() {
		long read = this.next;
		for (Cursor cursor : this.readers.values()) {
			read = Math.min(read, cursor.index);
		}
		pruneDraining();
		for (Cursor cursor : this.draining) {
			read = Math.min(read, cursor.index);
		}
		while (this.first < read) {
			evictOldest();
		}
	}

	/**
	 * Forget the closing readers that took what they had to, or ended. Called under the
	 * lock.
	 */
	private void pruneDraining() {
		this.draining.removeIf((cursor) -> !cursor.hasUnread());
	}

	/**
	 * Evict the oldest entry, and compact the list once most of it is evicted. Called
	 * under the lock.
	 */
	private void evictOldest() {
		Entry oldest = entry(this.first);
		this.entries.set((int) (this.first - this.base), null);
		this.first++;
		if (oldest.replayable) {
			this.floor = Math.max(this.floor, oldest.position);
		}
		if (this.budget != null) {
			this.budget.evicted(oldest);
		}
		oldest.evicted = true;
		oldest.frame = EMPTY;
		int evicted = (int) (this.first - this.base);
		if (evicted > 64 && evicted > this.entries.size() / 2) {
			this.entries.subList(0, evicted).clear();
			this.base = this.first;
		}
	}

	/**
	 * Evict entries up to the given one, if it is still kept.
	 */
	private void evictThrough(Entry entry) {
		this.lock.lock();
		try {
			while (!entry.evicted && this.first < this.next) {
				evictOldest();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void trimBudget() {
		if (this.budget != null) {
			this.budget.trim();
		}
	}

	/**
	 * What a log keeps.
	 */
	public enum Retention {

		/**
		 * An entry until every reader took it, within the bounds: the log of a target
		 * that does not keep a history.
		 */
		READ,

		/**
		 * The newest entries within the bounds: a replay history.
		 */
		HISTORY,

		/**
		 * The newest entries within the bounds, and always the newest one: the log of a
		 * resumable generation.
		 */
		RUN

	}

	/**
	 * The bounds of one log.
	 *
	 * @param maxEvents the most entries kept
	 * @param maxBytes the most bytes of frames kept
	 * @param retention what is kept
	 */
	public record Bounds(int maxEvents, long maxBytes, Retention retention) {
	}

	/**
	 * The one timeline of an instance: the positions that order the entries of every
	 * log. Positions start at the instance's start time in microseconds, so that the ids
	 * of an earlier run are older than every id of this one. Thread-safe.
	 */
	public static final class Timeline {

		private final long origin;

		private final AtomicLong position;

		/**
		 * Create a timeline.
		 * @param clock the clock whose time is the first position
		 */
		public Timeline(Clock clock) {
			this.origin = clock.millis() * 1000;
			this.position = new AtomicLong(this.origin);
		}

		/**
		 * Return the first position.
		 * @return the origin
		 */
		public long origin() {
			return this.origin;
		}

		/**
		 * Return the last position given.
		 * @return the position
		 */
		public long current() {
			return this.position.get();
		}

		long next() {
			return this.position.incrementAndGet();
		}

		void advanceTo(long position) {
			this.position.accumulateAndGet(position, Math::max);
		}

	}

	/**
	 * The bounds of every history of an instance together: the oldest entries of all of
	 * them are evicted first once they are older than the maximum age, or once they
	 * hold more than the total bytes. Thread-safe.
	 */
	public static final class Budget {

		private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();

		private final AtomicLong bytes = new AtomicLong();

		private final AtomicLong evicted = new AtomicLong();

		private final long maxBytes;

		private final long maxAgeMillis;

		private final Clock clock;

		/**
		 * Create a budget.
		 * @param maxBytes the most bytes of every history together, the overhead of each
		 * entry included
		 * @param maxAge the maximum age of an entry
		 * @param clock the clock that stamps entries
		 */
		public Budget(long maxBytes, Duration maxAge, Clock clock) {
			this.maxBytes = maxBytes;
			this.maxAgeMillis = maxAge.toMillis();
			this.clock = clock;
		}

		/**
		 * Return the bytes of every history, with the overhead of each entry kept.
		 * @return the bytes
		 */
		public long bytes() {
			return this.bytes.get();
		}

		/**
		 * Evict the entries older than the maximum age, from every history.
		 */
		public void expire() {
			long cutoff = this.clock.millis() - this.maxAgeMillis;
			Entry oldest;
			while ((oldest = this.order.peek()) != null && (oldest.evicted || oldest.millis < cutoff)) {
				pollOldest();
			}
		}

		void added(Entry entry) {
			entry.millis = this.clock.millis();
			this.order.add(entry);
			this.bytes.addAndGet(entry.frame.length + ENTRY_OVERHEAD);
		}

		void evicted(Entry entry) {
			this.bytes.addAndGet(-(entry.frame.length + ENTRY_OVERHEAD));
			// its place in the order costs the overhead until it leaves the order
			this.evicted.incrementAndGet();
		}

		void trim() {
			while (this.bytes.get() + this.evicted.get() * ENTRY_OVERHEAD > this.maxBytes && pollOldest()) {
				// evicted the oldest entry of every history
			}
		}

		private boolean pollOldest() {
			Entry oldest = this.order.poll();
			if (oldest == null) {
				return false;
			}
			oldest.log.evictThrough(oldest);
			this.evicted.decrementAndGet();
			return true;
		}

	}

	/**
	 * Where one reader is in a log: the index of the next entry it takes. Moved by its
	 * stream's writer only, under the stream's lock; the log reads it to trim what every
	 * reader took.
	 */
	public static final class Cursor {

		private final EventLog log;

		private volatile long index;

		/** The index appended after the reader subscribed, its first entry that is not replayable. */
		private final long liveFrom;

		/**
		 * The index of the first entry the reader does not take: {@link Long#MAX_VALUE}
		 * while it follows the log, the end of the log once it closed,
		 * {@link Long#MIN_VALUE} once it ended.
		 */
		private volatile long limit = Long.MAX_VALUE;

		private long skipThrough = Long.MIN_VALUE;

		private Cursor(EventLog log, long index) {
			this.log = log;
			this.index = index;
			this.liveFrom = log.next;
		}

		/**
		 * Read the replayable entries after a position, from the oldest kept, and skip
		 * those up to it that come later: a replay after a client's last event id, or a
		 * replay read elsewhere up to that position. Before the reader starts.
		 */
		void seek(long position) {
			if (this.log.replays) {
				this.index = Math.min(this.index, this.log.indexAfterPosition(position));
				this.skipThrough = position;
			}
		}

		/**
		 * Return the entries from the cursor's index on, up to a position and a number of
		 * bytes (at least one entry), skipping those it is not to read; the cursor moves
		 * as they are {@link #advanceTo(long) taken}.
		 */
		List<OutboundStream.Frame> peek(long upTo, int maxBytes) {
			List<OutboundStream.Frame> frames = new ArrayList<>();
			EventLog log = this.log;
			log.lock.lock();
			try {
				long end = Math.min(log.next, this.limit);
				int size = 0;
				for (long index = Math.max(this.index, log.first); index < end; index++) {
					Entry entry = log.entry(index);
					byte[] frame = entry.frame;
					if (entry.position > upTo || (size > 0 && size + frame.length > maxBytes)) {
						break;
					}
					if (entry.replayable ? entry.position > this.skipThrough : index >= this.liveFrom) {
						frames.add(new OutboundStream.Frame(frame, entry.position, true, entry.nanos, this, index + 1));
						size += frame.length;
					}
					else if (size == 0) {
						this.index = index + 1;
					}
				}
				return frames;
			}
			finally {
				log.lock.unlock();
			}
		}

		/**
		 * Return the position below which nothing will be appended to the log any more: a
		 * position read while no append is half done. Frames of other logs up to it can be
		 * taken before what this log appends later.
		 */
		long bound() {
			this.log.lock.lock();
			try {
				return this.log.timeline.current();
			}
			finally {
				this.log.lock.unlock();
			}
		}

		/**
		 * Return the current position of the log's timeline.
		 */
		long now() {
			return this.log.timeline.current();
		}

		/**
		 * Return whether the reader's next entry was evicted.
		 */
		boolean isBehind() {
			return this.index < this.log.first;
		}

		/**
		 * Return whether the reader has entries to take.
		 */
		boolean hasUnread() {
			return this.index < Math.min(this.log.next, this.limit);
		}

		/**
		 * Take no entry appended from now on.
		 */
		void freeze() {
			this.limit = Math.min(this.limit, this.log.next);
		}

		/**
		 * Take nothing more: the reader ended.
		 */
		void release() {
			this.limit = Long.MIN_VALUE;
		}

		/**
		 * Jump over what was evicted; return how many entries it missed.
		 */
		long skipEvicted() {
			long missed = Math.max(0, this.log.first - this.index);
			this.index += missed;
			return missed;
		}

		void advanceTo(long index) {
			this.index = Math.max(this.index, index);
		}

	}

	/**
	 * One kept frame; once evicted, only its place in the budget's order, without its
	 * frame.
	 */
	private static final class Entry {

		private final EventLog log;

		private final long position;

		private final @Nullable String id;

		private final boolean replayable;

		private final long offset;

		private final long nanos = System.nanoTime();

		/** When a budget took the entry. */
		private long millis;

		private byte[] frame;

		private volatile boolean evicted;

		private Entry(EventLog log, long position, @Nullable String id, byte[] frame, boolean replayable, long offset) {
			this.log = log;
			this.position = position;
			this.id = id;
			this.frame = frame;
			this.replayable = replayable;
			this.offset = offset;
		}

	}

}
