package io.github.eventsource.broadcast;

import io.github.eventsource.core.EventSourceEvent;

/**
 * {@link EventSourceTemplate} that sends through an {@link EventDelivery}: to the streams
 * of this instance, or of every instance of a cluster.
 *
 * @since 0.1.0
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
	public int broadcast(String path, EventSourceEvent event) {
		return this.delivery.publish(Target.path(path), event);
	}

	@Override
	public int sendToGroup(String group, EventSourceEvent event) {
		return this.delivery.publish(Target.group(group), event);
	}

	@Override
	public int sendToUser(String user, EventSourceEvent event) {
		return this.delivery.publish(Target.user(user), event);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		return this.delivery.sendToSession(sessionId, event);
	}

}
