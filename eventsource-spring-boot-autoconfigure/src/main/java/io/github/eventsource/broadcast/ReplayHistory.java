package io.github.eventsource.broadcast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The recent events of one target, oldest first, for replay after a reconnect: bounded
 * in events and bytes here, in age and in the total of every history by the
 * {@link ReplayLog} that links the entries of every history in timeline order.
 * <p>
 * Not thread-safe: guarded by the {@link ChannelRegistry}'s lock.
 */
final class ReplayHistory {

	private final ArrayDeque<ReplayLog.Entry> entries = new ArrayDeque<>();

	private long bytes;

	private long floor;

	/**
	 * Create a history that holds what its target was sent after the given position.
	 * @param floor the position after which the history is complete
	 */
	ReplayHistory(long floor) {
		this.floor = floor;
	}

	void add(ReplayLog.Entry entry) {
		this.entries.addLast(entry);
		this.bytes += entry.frame().length;
	}

	/**
	 * Remove the oldest entry.
	 * @return the removed entry, or {@code null} if the history is empty
	 */
	ReplayLog.@Nullable Entry removeOldest() {
		ReplayLog.Entry oldest = this.entries.pollFirst();
		if (oldest != null) {
			this.bytes -= oldest.frame().length;
			this.floor = Math.max(this.floor, oldest.position());
		}
		return oldest;
	}

	/**
	 * Return the frames of the events after a position, oldest first.
	 * @param position the position of the last event the client received
	 * @param into where the entries go
	 */
	void after(long position, List<ReplayLog.Entry> into) {
		List<ReplayLog.Entry> newestFirst = new ArrayList<>();
		Iterator<ReplayLog.Entry> entries = this.entries.descendingIterator();
		while (entries.hasNext()) {
			ReplayLog.Entry entry = entries.next();
			if (entry.position() <= position) {
				break;
			}
			newestFirst.add(entry);
		}
		for (int i = newestFirst.size() - 1; i >= 0; i--) {
			into.add(newestFirst.get(i));
		}
	}

	/**
	 * Return the position of the event with the given id.
	 * @param id the event id
	 * @return its position, or {@code null} if no kept event has this id
	 */
	@Nullable Long positionOf(String id) {
		Iterator<ReplayLog.Entry> entries = this.entries.descendingIterator();
		while (entries.hasNext()) {
			ReplayLog.Entry entry = entries.next();
			if (entry.id().equals(id)) {
				return entry.position();
			}
		}
		return null;
	}

	/**
	 * Return the position after which this history is complete: the newest it evicted.
	 * @return the floor
	 */
	long floor() {
		return this.floor;
	}

	int size() {
		return this.entries.size();
	}

	long bytes() {
		return this.bytes;
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

}
