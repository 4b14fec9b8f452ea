package io.github.eventsource.broadcast;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.SessionRegistry;

/**
 * {@link EventSourceTemplate} that delivers to the streams of this instance.
 *
 * @since 0.1.0
 */
public class DefaultEventSourceTemplate implements EventSourceTemplate {

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	/**
	 * Create a template.
	 * @param channels the channels of paths, groups and users
	 * @param sessions the open sessions
	 * @param encoder encodes each event once
	 */
	public DefaultEventSourceTemplate(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
	}

	@Override
	public int broadcast(String path, EventSourceEvent event) {
		return publish(Kind.PATH, path, event);
	}

	@Override
	public int sendToGroup(String group, EventSourceEvent event) {
		return publish(Kind.GROUP, group, event);
	}

	@Override
	public int sendToUser(String user, EventSourceEvent event) {
		return publish(Kind.USER, user, event);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		return registration != null && registration.session().send(event);
	}

	private int publish(Kind kind, String name, EventSourceEvent event) {
		Channel channel = this.channels.find(kind, name);
		return (channel != null) ? channel.publish(event, this.encoder) : 0;
	}

}
