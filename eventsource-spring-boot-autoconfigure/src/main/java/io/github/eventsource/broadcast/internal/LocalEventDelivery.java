package io.github.eventsource.broadcast.internal;

import java.util.Collection;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.SessionRegistry;

/**
 * {@link EventDelivery} to the streams of this instance, with the replay history in
 * memory.
 */
public class LocalEventDelivery implements EventDelivery {

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	/**
	 * Create a delivery.
	 * @param channels the channels of paths, groups and users
	 * @param sessions the open sessions
	 * @param encoder encodes each event once
	 */
	public LocalEventDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
	}

	@Override
	public BroadcastResult publish(Target target, EventSourceEvent event) {
		return BroadcastResult.acceptedFor(this.channels.publish(target, event, this.encoder));
	}

	@Override
	public BroadcastResult sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		boolean queued = registration != null && registration.session().send(event);
		return queued ? BroadcastResult.acceptedFor(1) : BroadcastResult.REFUSED;
	}

	@Override
	public Replay replay(Collection<Target> targets, String lastEventId) {
		return this.channels.replay(targets, lastEventId);
	}

}
