package io.github.eventsource.broadcast.internal;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;

/**
 * {@link EventSourceTemplate} that sends through an {@link EventDelivery}: to the streams
 * of this instance, or of every instance of a cluster.
 */
public class DefaultEventSourceTemplate implements EventSourceTemplate {

	private final EventDelivery delivery;

	/**
	 * Create a template.
	 * @param delivery where events go
	 */
	public DefaultEventSourceTemplate(EventDelivery delivery) {
		this.delivery = delivery;
	}

	@Override
	public BroadcastResult broadcast(String path, EventSourceEvent event) {
		return this.delivery.publish(Target.path(path), event);
	}

	@Override
	public BroadcastResult broadcastToGroup(String group, EventSourceEvent event) {
		return this.delivery.publish(Target.group(group), event);
	}

	@Override
	public BroadcastResult broadcastToUser(String user, EventSourceEvent event) {
		return this.delivery.publish(Target.user(user), event);
	}

	@Override
	public BroadcastResult broadcastToSession(String sessionId, EventSourceEvent event) {
		return this.delivery.sendToSession(sessionId, event);
	}

}
