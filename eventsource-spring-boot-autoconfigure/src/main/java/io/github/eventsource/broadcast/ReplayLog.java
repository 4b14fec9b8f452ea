package io.github.eventsource.broadcast;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Every replay history of this instance, its entries linked in timeline order, so that
 * the oldest go first when a history exceeds its bounds, when they expire, and when all
 * histories together exceed theirs.
 * <p>
 * Not thread-safe: guarded by the {@link ChannelRegistry}'s lock.
 */
final class ReplayLog {

	/**
	 * What an entry costs beyond its frame, counted against the total bound so that
	 * millions of tiny events cannot hold more than it.
	 */
	static final int ENTRY_OVERHEAD = 160;

	private final Bounds bounds;

	private final Clock clock;

	private @Nullable Entry oldest;

	private @Nullable Entry newest;

	private long bytes;

	ReplayLog(Bounds bounds, Clock clock) {
		this.bounds = bounds;
		this.clock = clock;
	}

	/**
	 * Append an event to a history, then evict what exceeds the bounds.
	 * @param history the target's history
	 * @param position the event's position in the timeline
	 * @param id the event id
	 * @param frame the encoded event
	 */
	void append(ReplayHistory history, long position, String id, byte[] frame) {
		Entry entry = new Entry(history, position, id, frame, this.clock.millis());
		entry.previous = this.newest;
		if (this.newest != null) {
			this.newest.next = entry;
		}
		else {
			this.oldest = entry;
		}
		this.newest = entry;
		this.bytes += frame.length + ENTRY_OVERHEAD;
		history.add(entry);
		while (history.size() > this.bounds.maxEvents() || history.bytes() > this.bounds.maxBytes()) {
			evictOldest(history);
		}
		while (this.bytes > this.bounds.maxTotalBytes() && this.oldest != null) {
			evictOldest(this.oldest.history);
		}
	}

	/**
	 * Evict the entries older than the maximum age.
	 */
	void expire() {
		long cutoff = this.clock.millis() - this.bounds.maxAge().toMillis();
		while (this.oldest != null && this.oldest.millis < cutoff) {
			evictOldest(this.oldest.history);
		}
	}

	/**
	 * Return the bytes of every history, with the overhead of each entry.
	 * @return the total bytes
	 */
	long bytes() {
		return this.bytes;
	}

	private void evictOldest(ReplayHistory history) {
		Entry entry = history.removeOldest();
		if (entry == null) {
			return;
		}
		this.bytes -= entry.frame.length + ENTRY_OVERHEAD;
		if (entry.previous != null) {
			entry.previous.next = entry.next;
		}
		else {
			this.oldest = entry.next;
		}
		if (entry.next != null) {
			entry.next.previous = entry.previous;
		}
		else {
			this.newest = entry.previous;
		}
	}

	/**
	 * One kept event, in its history and in the timeline of every history.
	 */
	static final class Entry {

		private final ReplayHistory history;

		private final long position;

		private final String id;

		private final byte[] frame;

		private final long millis;

		private @Nullable Entry previous;

		private @Nullable Entry next;

		private Entry(ReplayHistory history, long position, String id, byte[] frame, long millis) {
			this.history = history;
			this.position = position;
			this.id = id;
			this.frame = frame;
			this.millis = millis;
		}

		long position() {
			return this.position;
		}

		String id() {
			return this.id;
		}

		byte[] frame() {
			return this.frame;
		}

	}

	/**
	 * The bounds of the histories.
	 *
	 * @param maxEvents the maximum number of events of one history
	 * @param maxBytes the maximum bytes of one history
	 * @param maxAge the maximum age of an event
	 * @param maxTotalBytes the maximum bytes of every history together
	 */
	record Bounds(int maxEvents, long maxBytes, Duration maxAge, long maxTotalBytes) {
	}

}
