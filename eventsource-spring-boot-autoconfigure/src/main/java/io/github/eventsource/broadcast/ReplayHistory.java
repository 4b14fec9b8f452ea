package io.github.eventsource.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The recent events of one path or group, bounded by count and age, for replay after a
 * reconnect with a last event id.
 * <p>
 * Not thread-safe: guarded by its {@link Channel}'s lock.
 *
 * @since 0.1.0
 */
public final class ReplayHistory {

	private final int maxEvents;

	private final long maxAgeMillis;

	private final Clock clock;

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	/**
	 * Create a history.
	 * @param maxEvents the maximum number of events kept
	 * @param maxAge the maximum age of events kept
	 * @param clock the clock that stamps events
	 */
	public ReplayHistory(int maxEvents, Duration maxAge, Clock clock) {
		this.maxEvents = maxEvents;
		this.maxAgeMillis = maxAge.toMillis();
		this.clock = clock;
	}

	/**
	 * Append an event.
	 * @param id the event id
	 * @param frame the encoded event
	 */
	public void add(String id, byte[] frame) {
		long now = this.clock.millis();
		this.entries.addLast(new Entry(id, frame, now));
		while (this.entries.size() > this.maxEvents) {
			this.entries.removeFirst();
		}
		trim(now);
	}

	/**
	 * Return the events after the given id, oldest first.
	 * @param lastEventId the id of the last event the client received
	 * @return the missed events, possibly none, or {@code null} if the id is not in the
	 * history (unknown, or older than the history)
	 */
	public @Nullable List<byte[]> after(String lastEventId) {
		trim(this.clock.millis());
		List<byte[]> missed = new ArrayList<>();
		Iterator<Entry> newestFirst = this.entries.descendingIterator();
		while (newestFirst.hasNext()) {
			Entry entry = newestFirst.next();
			if (entry.id().equals(lastEventId)) {
				Collections.reverse(missed);
				return missed;
			}
			missed.add(entry.frame());
		}
		return null;
	}

	/**
	 * Return the number of events kept.
	 * @return the size
	 */
	public int size() {
		return this.entries.size();
	}

	private void trim(long now) {
		Entry oldest;
		while ((oldest = this.entries.peekFirst()) != null && now - oldest.timestamp() > this.maxAgeMillis) {
			this.entries.removeFirst();
		}
	}

	private record Entry(String id, byte[] frame, long timestamp) {
	}

}
