package io.github.eventsource.web.internal;

import java.util.Collection;

import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * The targets of sessions (their path, their user, their groups): a session that joins
 * one reads its log and is counted in its presence, and one that reconnects reads what it
 * missed from them. Also encodes what a session sends on its own.
 * <p>
 * Thread-safe.
 */
public final class SessionTargets {

	private final EventEncoder encoder;

	private final ChannelRegistry channels;

	private final EventDelivery delivery;

	private final PresenceTracker presence;

	/**
	 * Create the targets of sessions.
	 * @param encoder encodes events
	 * @param channels the logs of paths, groups and users
	 * @param delivery replays what a reconnecting stream missed, from wherever the history
	 * lives
	 * @param presence counts the sessions of each path and group
	 */
	public SessionTargets(EventEncoder encoder, ChannelRegistry channels, EventDelivery delivery,
			PresenceTracker presence) {
		this.encoder = encoder;
		this.channels = channels;
		this.delivery = delivery;
		this.presence = presence;
	}

	/**
	 * Encode an event.
	 * @param event the event
	 * @return its frame
	 */
	byte[] encode(EventSourceEvent event) {
		return this.encoder.encode(event);
	}

	/**
	 * Keep a history for the paths of an endpoint that replays.
	 * @param pathPatterns the endpoint's path patterns
	 */
	void keepHistories(Collection<String> pathPatterns) {
		this.channels.addReplayPaths(pathPatterns);
	}

	/**
	 * Join a target: the stream reads its log from now on, and the session is counted
	 * among its members, unless it is a user.
	 * @param target the target
	 * @param stream the session's stream
	 * @param sessionId the session's id
	 * @param user the session's user, or {@code null}
	 * @param announce whether the other members are told
	 */
	void join(Target target, OutboundStream stream, String sessionId, @Nullable String user, boolean announce) {
		this.channels.subscribe(target, stream);
		if (target.kind() != Kind.USER) {
			this.presence.join(target, sessionId, user, announce);
		}
	}

	/**
	 * Leave a target joined before; nothing happens for one that was not.
	 * @param target the target
	 * @param stream the session's stream
	 * @param sessionId the session's id
	 */
	void leave(Target target, OutboundStream stream, String sessionId) {
		this.channels.unsubscribe(target, stream);
		if (target.kind() != Kind.USER) {
			this.presence.leave(target, sessionId);
		}
	}

	/**
	 * Read what a reconnecting client missed from targets.
	 * @param targets the targets
	 * @param lastEventId the id of the last event the client received
	 * @return the replay
	 */
	Replay replay(Collection<Target> targets, String lastEventId) {
		return this.delivery.replay(targets, lastEventId);
	}

}
