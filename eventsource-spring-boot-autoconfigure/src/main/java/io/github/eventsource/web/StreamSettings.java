package io.github.eventsource.web;

import java.time.Duration;

import io.github.eventsource.core.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * Settings that apply to every stream, taken from the {@code eventsource.*} properties.
 *
 * @param retry the reconnection time sent on open, or {@code null}
 * @param timeout the time after which a stream is completed, or {@code null} for never
 * @param bounds how much one client's buffer holds, and what happens beyond
 * @param lastEventIdParameter the query parameter that carries the last event id
 * @param resetEvent the name of the event sent when the last event id is not in the history
 * @param retryAfter the Retry-After of a stream refused by a limit
 * @since 0.1.0
 */
public record StreamSettings(@Nullable Duration retry, @Nullable Duration timeout, OutboundStream.Bounds bounds,
		String lastEventIdParameter, String resetEvent, Duration retryAfter) {
}
