package io.github.eventsource.broadcast.internal;

import java.util.Collection;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.core.EventSourceEvent;

/**
 * Where the events of paths, groups, users and sessions go and where the replay history
 * lives: this instance's {@link ChannelRegistry channels} ({@link LocalEventDelivery}),
 * or those of every instance of a cluster.
 * <p>
 * Implementations are thread-safe, and never block a send on the network.
 */
public interface EventDelivery {

	/**
	 * Send an event to every stream of a target.
	 * @param target the target
	 * @param event the event
	 * @return whether the event was accepted, and the number of streams of this instance
	 * it is for
	 */
	BroadcastResult publish(Target target, EventSourceEvent event);

	/**
	 * Send an event to one session.
	 * @param sessionId the session id
	 * @param event the event
	 * @return whether the event was accepted, and whether it was queued for a session
	 * open on this instance
	 */
	BroadcastResult sendToSession(String sessionId, EventSourceEvent event);

	/**
	 * Read what a stream of the given targets missed after its last event id, merged in
	 * timeline order. The stream subscribed to the targets before, holding their live
	 * events until it starts with this replay.
	 * @param targets the stream's targets
	 * @param lastEventId the client's last event id
	 * @return the replay
	 */
	Replay replay(Collection<Target> targets, String lastEventId);

}
