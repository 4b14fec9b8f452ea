package io.github.eventsource.web.internal;

import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.core.internal.StreamWriters;
import org.jspecify.annotations.Nullable;

/**
 * What every session shares: where its events go, its settings, the sessions it counts
 * among and the threads that run it.
 *
 * @param targets what a session joins, sends to and replays from
 * @param settings the stream settings
 * @param observations observe each stream and tell the observers what happens to it
 * @param sessions the open sessions
 * @param threads the threads that write streams and iterate their sources
 * @param openingRate how fast each client address may open streams, or {@code null} for
 * no bound
 */
public record SessionContext(Targets targets, StreamSettings settings, StreamObservations observations,
		SessionRegistry sessions, StreamWriters threads, @Nullable OpeningRate openingRate) {

	/**
	 * What a session joins, sends to and replays from.
	 *
	 * @param encoder encodes events
	 * @param channels the channels of paths, groups and users
	 * @param delivery replays what a reconnecting stream missed, from wherever the history
	 * lives
	 * @param presence told as streams join and leave their path and groups
	 * @param generations the generations of resumable endpoints
	 */
	public record Targets(EventEncoder encoder, ChannelRegistry channels, EventDelivery delivery,
			PresenceTracker presence, Generations generations) {
	}

}
