package io.github.eventsource.web.internal;

import java.util.concurrent.Executor;

import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What every session shares: the encoder, the registries, the delivery, the settings and
 * what runs sources.
 *
 * @param encoder encodes events
 * @param sessions the open sessions
 * @param channels the channels of paths, groups and users
 * @param delivery replays what a reconnecting stream missed, from wherever the history
 * lives
 * @param settings the stream settings
 * @param observer told what happens to streams
 * @param generations the generations of resumable endpoints
 * @param streamExecutor iterates the {@code Stream}s that endpoints return
 * @param writers runs the writers of the streams
 * @param presence told as streams join and leave their path and groups
 * @param openingRate how fast each client address may open streams, or {@code null} for
 * no bound
 * @param observations starts and stops the observation of each stream
 */
public record SessionContext(EventEncoder encoder, SessionRegistry sessions, ChannelRegistry channels,
		EventDelivery delivery, StreamSettings settings, EventSourceObserver observer, Generations generations,
		Executor streamExecutor, Executor writers, PresenceTracker presence, @Nullable OpeningRate openingRate,
		StreamObservations observations) {
}
