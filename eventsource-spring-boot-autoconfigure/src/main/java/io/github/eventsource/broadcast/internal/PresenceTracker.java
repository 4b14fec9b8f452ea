package io.github.eventsource.broadcast.internal;

import java.util.List;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.presence.EventSourcePresence;
import org.jspecify.annotations.Nullable;

/**
 * The presence of every stream in its path and its groups, told by the sessions as they
 * open, join, leave and end, and announced as {@code joined} and {@code left} events to
 * the streams of a path that asked for it.
 * <p>
 * Implementations are thread-safe and never block a session on the network; a stream is
 * present in a target once for each {@link #join join}, and a {@code left} event follows
 * only the {@link #leave leave} that removed it.
 */
public interface PresenceTracker extends EventSourcePresence {

	/**
	 * Add a stream to a path or a group; for an announced path, send the stream the
	 * snapshot of the path, then a {@code joined} event to every stream of the path (or,
	 * above the coalescing threshold, count the change for the next coalesced
	 * announcement).
	 * @param target the path or group
	 * @param session the session id
	 * @param user the principal name, or {@code null}
	 * @param announce whether the path's streams are told ({@code presence = true})
	 */
	void join(Target target, String session, @Nullable String user, boolean announce);

	/**
	 * Remove a stream from a path or a group; if it was there and the path is announced,
	 * send a {@code left} event to every stream of the path (or, above the coalescing
	 * threshold, count the change). Does nothing for a stream
	 * that is not there.
	 * @param target the path or group
	 * @param session the session id
	 * @param announce whether the path's streams are told
	 */
	void leave(Target target, String session, boolean announce);

	/**
	 * Send the coalesced announcements of the rooms above the coalescing threshold that
	 * changed since the last call: their counts, or a fresh snapshot for a room back at
	 * the threshold or under it. Called by a scheduled task once per
	 * {@code eventsource.presence.coalesce-interval}; never blocks on a client.
	 */
	void announceCounts();

	/**
	 * Return the largest paths or groups, by number of streams.
	 * @param kind {@link Kind#PATH} or {@link Kind#GROUP}
	 * @param limit the maximum number of targets
	 * @return the targets, largest first
	 */
	List<TargetSize> largest(Kind kind, int limit);

	/**
	 * Return the number of paths and groups with streams of this instance.
	 * @return the number of targets
	 */
	int localTargets();

	/**
	 * Return the number of memberships of streams of this instance: one per stream in its
	 * path, and one per group it joined.
	 * @return the number of memberships
	 */
	long localMemberships();

	/**
	 * The size of one path or group.
	 *
	 * @param name the path or group name
	 * @param count the number of its streams
	 * @param users the number of distinct users of its streams
	 */
	record TargetSize(String name, int count, int users) {
	}

}
