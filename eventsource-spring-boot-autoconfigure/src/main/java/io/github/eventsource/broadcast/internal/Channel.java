package io.github.eventsource.broadcast.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * The streams of one target, with its replay history when it keeps one.
 * <p>
 * Not thread-safe: guarded by the {@link ChannelRegistry}'s lock.
 */
final class Channel {

	private final Set<OutboundStream> streams = new LinkedHashSet<>();

	private final @Nullable ReplayHistory history;

	Channel(@Nullable ReplayHistory history) {
		this.history = history;
	}

	/**
	 * Queue a frame for every stream, without writing it.
	 * @param frame the encoded event; shared, never modified
	 * @param position the event's position in the timeline
	 * @param offered where the streams go, to be woken once the lock is released
	 * @return the number of streams that queued the frame
	 */
	int offer(byte[] frame, long position, List<OutboundStream> offered) {
		int reached = 0;
		for (OutboundStream stream : this.streams) {
			if (stream.offer(frame, position)) {
				reached++;
			}
			offered.add(stream);
		}
		return reached;
	}

	void subscribe(OutboundStream stream) {
		this.streams.add(stream);
	}

	void unsubscribe(OutboundStream stream) {
		this.streams.remove(stream);
	}

	@Nullable ReplayHistory history() {
		return this.history;
	}

	int size() {
		return this.streams.size();
	}

	int historySize() {
		return (this.history != null) ? this.history.size() : 0;
	}

	boolean isDisposable() {
		return this.streams.isEmpty() && (this.history == null || this.history.isEmpty());
	}

}
