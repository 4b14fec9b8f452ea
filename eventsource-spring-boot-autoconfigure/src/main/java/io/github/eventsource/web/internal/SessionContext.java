package io.github.eventsource.web.internal;

import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.SessionRegistry;

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
 * @param presence told as streams join and leave their path and groups
 */
public record SessionContext(EventEncoder encoder, SessionRegistry sessions, ChannelRegistry channels,
		EventDelivery delivery, StreamSettings settings, EventSourceObserver observer,
		PresenceTracker presence) {
}
