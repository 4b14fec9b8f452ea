package io.github.eventsource.broadcast;

import java.util.Collection;

import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.SessionRegistry;

/**
 * {@link EventDelivery} to the streams of this instance, with the replay history in
 * memory.
 *
 * @since 0.1.0
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
	public int publish(Target target, EventSourceEvent event) {
		return this.channels.publish(target, event, this.encoder);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		return registration != null && registration.session().send(event);
	}

	@Override
	public Replay replay(Collection<Target> targets, String lastEventId) {
		return this.channels.replay(targets, lastEventId);
	}

}
