package io.github.eventsource.broadcast;

import io.github.eventsource.core.EventSourceEvent;

/**
 * Sends events from anywhere to many streams: every stream of a concrete path, a group,
 * a user, or one session.
 * <p>
 * Thread-safe and never blocking on the network. Each call encodes its event once and
 * queues the same bytes for every recipient. When replay is enabled, an event without an
 * id gets the next id of its path or group, and is kept in that path's or group's
 * history. Each call returns the number of streams reached on this instance.
 * <p>
 * In cluster mode ({@code eventsource.cluster.mode=redis}) every call also reaches the
 * matching streams of the other instances; it only queues the event for publication to
 * Redis (which assigns the ids of targets that replay) and never waits for Redis. The
 * streams of this instance then get the event from Redis too, so the number returned is
 * that of the streams the event is for.
 *
 * @since 0.1.0
 */
public interface EventSourceTemplate {

	/**
	 * Send an event to every open stream of a concrete endpoint path.
	 * @param path the concrete path, such as {@code /rooms/42}
	 * @param event the event
	 * @return the number of streams the event was queued for
	 */
	int broadcast(String path, EventSourceEvent event);

	/**
	 * Send a named event to every open stream of a concrete endpoint path.
	 * @param path the concrete path
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @return the number of streams the event was queued for
	 */
	default int broadcast(String path, String name, Object data) {
		return broadcast(path, EventSourceEvent.of(name, data));
	}

	/**
	 * Send an event to every stream that joined a group.
	 * @param group the group name
	 * @param event the event
	 * @return the number of streams the event was queued for
	 */
	int sendToGroup(String group, EventSourceEvent event);

	/**
	 * Send an event to every stream of a user (the principal name).
	 * @param user the principal name
	 * @param event the event
	 * @return the number of streams the event was queued for
	 */
	int sendToUser(String user, EventSourceEvent event);

	/**
	 * Send an event to one session.
	 * @param sessionId the session id
	 * @param event the event
	 * @return whether the session is open here and the event was queued
	 */
	boolean sendToSession(String sessionId, EventSourceEvent event);

}
