package io.github.eventsource.broadcast;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OutboundStream;
import io.github.eventsource.core.SessionRegistry;
import org.jspecify.annotations.Nullable;

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
	public int publish(Kind kind, String name, EventSourceEvent event) {
		Channel channel = this.channels.find(kind, name);
		return (channel != null) ? channel.publish(event, this.encoder) : 0;
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		return registration != null && registration.session().send(event);
	}

	@Override
	public Channel.Replay join(Kind kind, String name, OutboundStream stream, @Nullable String lastEventId,
			byte[] resetFrame) {
		return this.channels.join(kind, name, (channel) -> channel.subscribe(stream, lastEventId, resetFrame));
	}

}
