package io.github.eventsource.web.internal;

import java.time.Duration;

import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * Settings that apply to every stream, taken from the {@code eventsource.*} properties.
 *
 * @param retry the reconnection time sent on open, or {@code null}
 * @param timeout the time after which a stream is completed, or {@code null} for never
 * @param bounds how much one client's buffer holds, and what happens beyond
 * @param lastEventIdParameter the query parameter that carries the last event id
 * @param resetEvent the name of the event sent when the last event id is not in the history
 * @param refusals makes the refusals of streams for load
 */
public record StreamSettings(@Nullable Duration retry, @Nullable Duration timeout, OutboundStream.Bounds bounds,
		String lastEventIdParameter, String resetEvent, LoadRefusals refusals) {
}
