package io.github.eventsource.broadcast;

import java.util.List;

/**
 * A stream added to a {@link Channel} before its replay is read: the channel holds its
 * live events aside until {@link #start(List, long) started}, so that nothing is lost or
 * repeated between the replay and the live events.
 *
 * @since 0.1.0
 * @see Channel#subscribePending(io.github.eventsource.core.OutboundStream)
 */
@FunctionalInterface
public interface PendingSubscription {

	/**
	 * Queue the replayed frames, then the held live events positioned after them, then
	 * every later event. Events at or before the given position that arrive later are
	 * skipped. Thread-safe.
	 * @param replayed the replayed frames, oldest first; possibly none, or a reset event
	 * @param replayedUpTo the position of the last replayed event, or
	 * {@link Long#MIN_VALUE} to skip nothing
	 */
	void start(List<byte[]> replayed, long replayedUpTo);

}
