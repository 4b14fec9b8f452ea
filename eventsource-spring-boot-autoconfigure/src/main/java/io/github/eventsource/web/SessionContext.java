package io.github.eventsource.web;

import io.github.eventsource.broadcast.ChannelRegistry;
import io.github.eventsource.broadcast.EventDelivery;
import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.SessionRegistry;

/**
 * What every session shares: the encoder, the registries, the delivery and the settings.
 *
 * @param encoder encodes events
 * @param sessions the open sessions
 * @param channels the channels of paths, groups and users
 * @param delivery replays what a reconnecting stream missed, from wherever the history
 * lives
 * @param settings the stream settings
 * @param observer told what happens to streams
 * @since 0.1.0
 */
public record SessionContext(EventEncoder encoder, SessionRegistry sessions, ChannelRegistry channels,
		EventDelivery delivery, StreamSettings settings, EventSourceObserver observer) {
}
