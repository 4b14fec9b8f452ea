package io.github.eventsource.web;

import java.time.Duration;

import io.github.eventsource.core.OverflowPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Settings that apply to every stream, taken from the {@code eventsource.*} properties.
 *
 * @param retry the reconnection time sent on open, or {@code null}
 * @param timeout the time after which a stream is completed, or {@code null} for never
 * @param bufferSize the maximum number of events queued for one client
 * @param overflow what happens when a client's queue is full
 * @param lastEventIdParameter the query parameter that carries the last event id
 * @param resetEvent the name of the event sent when the last event id is not in the history
 * @param maxConnections the maximum number of open streams, or {@code null}
 * @param maxConnectionsPerUser the maximum number of open streams of one user, or {@code null}
 * @param retryAfter the Retry-After of a stream refused by a limit
 * @since 0.1.0
 */
public record StreamSettings(@Nullable Duration retry, @Nullable Duration timeout, int bufferSize,
		OverflowPolicy overflow, String lastEventIdParameter, String resetEvent, @Nullable Integer maxConnections,
		@Nullable Integer maxConnectionsPerUser, Duration retryAfter) {
}
