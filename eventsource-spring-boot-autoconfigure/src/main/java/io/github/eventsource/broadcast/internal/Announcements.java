package io.github.eventsource.broadcast.internal;

import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * Sends the presence events of a path to the streams of this instance, by appending them
 * to the path's log (or a joining stream's own queue), never writing; implemented by
 * {@link PresenceAnnouncer}. Called by a {@link PresenceRoom} under its lock, in the
 * order of the changes: quick, no I/O.
 */
public interface Announcements {

	/**
	 * Return the settings: event names, snapshot size, coalescing threshold.
	 * @return the settings
	 */
	PresenceSettings settings();

	/**
	 * Send the snapshot event to one stream of this instance, as it joins.
	 * @param session the session id
	 * @param snapshot the snapshot of its path
	 */
	void snapshot(String session, Snapshot snapshot);

	/**
	 * Send a {@code joined} or {@code left} event to every stream of a path.
	 * @param path the concrete path
	 * @param joined whether the member joined, else left
	 * @param id the opaque id of the member
	 * @param user its principal name, or {@code null}
	 * @param count the number of streams of the path after the change
	 */
	void changed(String path, boolean joined, String id, @Nullable String user, int count);

	/**
	 * Send the coalesced count event to every stream of a path.
	 * @param path the concrete path
	 * @param count the number of streams of the path
	 * @param users the number of their distinct users
	 */
	void counts(String path, int count, int users);

	/**
	 * Send the snapshot event to every stream of a path, as it returns under the
	 * coalescing threshold.
	 * @param path the concrete path
	 * @param snapshot the snapshot of the path
	 */
	void snapshotToAll(String path, Snapshot snapshot);

}
