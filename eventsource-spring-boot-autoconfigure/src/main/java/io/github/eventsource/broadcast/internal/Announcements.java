package io.github.eventsource.broadcast.internal;

import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;

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
	 * Send an event to one stream of this instance: the snapshot, as it joins.
	 * @param session the session id
	 * @param name the event name
	 * @param data the event data
	 */
	void toStream(String session, String name, Object data);

	/**
	 * Send an event to every stream of a path.
	 * @param path the concrete path
	 * @param name the event name
	 * @param data the event data
	 */
	void toPath(String path, String name, Object data);

}
