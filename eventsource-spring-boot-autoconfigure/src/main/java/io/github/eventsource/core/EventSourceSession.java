package io.github.eventsource.core;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One client's event stream.
 * <p>
 * Every method is thread-safe. Sending never blocks on the network: an event is encoded
 * and queued in the session's bounded outbound buffer, and written by a writer thread.
 * Sending on a closed session does not throw; it returns {@code false}. An illegal event
 * name or id throws {@link IllegalArgumentException}.
 *
 * @since 0.1.0
 */
public interface EventSourceSession {

	/**
	 * Return the session's unique id.
	 * @return the id
	 */
	String getId();

	/**
	 * Return the concrete request path of the stream, such as {@code /rooms/42}.
	 * @return the path
	 */
	String getPath();

	/**
	 * Return the last event id the client sent ({@code Last-Event-ID} header, or the
	 * configured query parameter).
	 * @return the last event id, or {@code null} if none was sent
	 */
	@Nullable String getLastEventId();

	/**
	 * Return what happened to the last event id when the stream opened: in
	 * {@code @OnOpen}, the outcome for the stream's path and user; once {@code @OnOpen}
	 * returned, for the groups it joined as well.
	 * @return the replay outcome
	 */
	ReplayOutcome getReplayOutcome();

	/**
	 * Return the authenticated user of the request.
	 * @return the principal, or {@code null} if the request was not authenticated
	 */
	@Nullable Principal getPrincipal();

	/**
	 * Return mutable attributes for the application's own use, kept for the life of the
	 * session.
	 * @return the attributes, never {@code null}
	 */
	Map<String, Object> getAttributes();

	/**
	 * Return whether the stream is open: accepted, not yet closed.
	 * @return whether the stream is open
	 */
	boolean isOpen();

	/**
	 * Send a nameless event.
	 * @param data the payload: a {@code String} as it is, anything else as JSON
	 * @return whether the event was queued for delivery
	 */
	boolean send(Object data);

	/**
	 * Send a named event.
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @return whether the event was queued for delivery
	 * @throws IllegalArgumentException if the name contains CR or LF
	 */
	boolean send(@Nullable String name, Object data);

	/**
	 * Send a named event with an id.
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @param id the event id, converted with {@code toString()}
	 * @return whether the event was queued for delivery
	 * @throws IllegalArgumentException if the name or id is illegal
	 */
	boolean send(@Nullable String name, Object data, Object id);

	/**
	 * Send an event.
	 * @param event the event
	 * @return whether the event was queued for delivery
	 */
	boolean send(EventSourceEvent event);

	/**
	 * Send a comment line, which clients ignore.
	 * @param comment the comment
	 * @return whether the comment was queued for delivery
	 */
	boolean comment(String comment);

	/**
	 * Join a group, so that {@code EventSourceTemplate#broadcastToGroup} reaches this
	 * stream. Groups joined in {@code @OnOpen} are part of the replay: a client that
	 * reconnects with a last event id gets what it missed from them too. Groups are left
	 * automatically when the stream closes.
	 * @param group the group name
	 */
	void join(String group);

	/**
	 * Leave a group.
	 * @param group the group name
	 */
	void leave(String group);

	/**
	 * Return the groups this session joined.
	 * @return an unmodifiable snapshot of the group names
	 */
	Set<String> getGroups();

	/**
	 * Close the stream after the events already queued are written. {@code @OnClose}
	 * runs once. Does nothing on a closed session.
	 */
	void close();

	/**
	 * Refuse the stream from a {@code @CheckConnection} method, like tornado-eventsource's
	 * {@code error(403, 'forbidden')}: the request is answered with the status and a
	 * plain-text body, and no stream opens.
	 * @param status the HTTP status, 400 or above
	 * @param message the plain-text body
	 * @throws IllegalStateException if the stream is already open
	 */
	void error(int status, String message);

}
