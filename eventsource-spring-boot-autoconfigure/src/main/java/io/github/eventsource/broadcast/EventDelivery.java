package io.github.eventsource.broadcast;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * Where the events of paths, groups, users and sessions go and where the replay history
 * of paths and groups lives: this instance's {@link ChannelRegistry channels}
 * ({@link LocalEventDelivery}), or those of every instance of a cluster.
 * <p>
 * Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface EventDelivery {

	/**
	 * Send an event to every stream of a target.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @param event the event
	 * @return the number of streams of this instance the event was queued for
	 */
	int publish(Kind kind, String name, EventSourceEvent event);

	/**
	 * Send an event to one session.
	 * @param sessionId the session id
	 * @param event the event
	 * @return whether the session is open on this instance and the event was queued
	 */
	boolean sendToSession(String sessionId, EventSourceEvent event);

	/**
	 * Add a stream to a target, first queueing the events it missed after its last event
	 * id, or the reset event if that id is not in the history.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @param stream the stream
	 * @param lastEventId the client's last event id, or {@code null}
	 * @param resetFrame queued instead of the missed events when the id is not in the
	 * history
	 * @return what happened to the last event id
	 */
	Channel.Replay join(Kind kind, String name, OutboundStream stream, @Nullable String lastEventId,
			byte[] resetFrame);

}
