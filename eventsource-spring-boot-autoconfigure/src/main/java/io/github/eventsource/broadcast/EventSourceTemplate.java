package io.github.eventsource.broadcast;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;

/**
 * Sends events from anywhere to many streams: every stream of a concrete path, a group,
 * a user, or one session.
 * <p>
 * Every method is a {@code broadcast}: it sends from outside any stream, through this
 * instance's delivery (or the cluster's), to whatever streams its address names when the
 * event arrives, and {@code broadcast}, {@code broadcastToGroup}, {@code broadcastToUser}
 * and {@code broadcastToSession} differ only in the address. Inside a handler,
 * {@link EventSourceSession#send(EventSourceEvent)} writes to the handler's own stream.
 * <p>
 * Thread-safe and never blocking on the network. Each call encodes its event once and
 * queues the same bytes for every recipient. When replay is enabled, an event without an
 * id gets the next id of its path or group, and is kept in that path's or group's
 * history. Each call returns a {@link BroadcastResult}: whether the event was accepted
 * for delivery, and the number of streams of this instance it is for.
 * <p>
 * In cluster mode ({@code eventsource.cluster.mode=redis}) every call also reaches the
 * matching streams of the other instances; it only queues the event for publication to
 * Redis (which assigns the ids of targets that replay) and never waits for Redis. The
 * streams of this instance then get the event from Redis too; the result counts them,
 * not those of the other instances, which no sender can know without waiting.
 *
 * @since 0.1.0
 */
public interface EventSourceTemplate {

	/**
	 * Send an event to every open stream of a concrete endpoint path.
	 * @param path the concrete path, such as {@code /rooms/42}
	 * @param event the event
	 * @return whether the event was accepted, and for how many streams of this instance
	 */
	BroadcastResult broadcast(String path, EventSourceEvent event);

	/**
	 * Send a named event to every open stream of a concrete endpoint path.
	 * @param path the concrete path
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @return whether the event was accepted, and for how many streams of this instance
	 */
	default BroadcastResult broadcast(String path, String name, Object data) {
		return broadcast(path, EventSourceEvent.of(name, data));
	}

	/**
	 * Send an event to every stream that joined a group.
	 * @param group the group name
	 * @param event the event
	 * @return whether the event was accepted, and for how many streams of this instance
	 */
	BroadcastResult broadcastToGroup(String group, EventSourceEvent event);

	/**
	 * Send an event to every stream of a user (the principal name).
	 * @param user the principal name
	 * @param event the event
	 * @return whether the event was accepted, and for how many streams of this instance
	 */
	BroadcastResult broadcastToUser(String user, EventSourceEvent event);

	/**
	 * Send an event to one session, by its id.
	 * <p>
	 * A session open on this instance gets the event at once (one local stream); without
	 * cluster mode the event is refused when no such session is open. In cluster mode an
	 * event for a session not open on this instance is forwarded to the other instances,
	 * and accepted with no local stream, whether or not one of them holds the session.
	 * @param sessionId the session id
	 * @param event the event
	 * @return whether the event was accepted, and whether the session is on this instance
	 * (one local stream) or not (none)
	 */
	BroadcastResult broadcastToSession(String sessionId, EventSourceEvent event);

}
