package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An {@code @EventSourceEndpoint} bean as detected at startup: its path patterns,
 * reconnection time, source settings and lifecycle methods.
 *
 * @param beanName the name of the endpoint bean
 * @param paths the path patterns
 * @param retry the endpoint's own reconnection time, or {@code null} for the default
 * @param replay whether the endpoint's paths keep a replay history of their own
 * @param resumable whether a source belongs to its concrete path rather than to one
 * request
 * @param shareGenerations whether any client attaches to a generation, not only the
 * principal that started it
 * @param sourceEvents what the elements and the end of a source returned by
 * {@code @OnOpen} become
 * @param presence whether the streams of the endpoint's paths get presence events
 * @param check the {@code @CheckConnection} method, or {@code null}
 * @param open the {@code @OnOpen} method, or {@code null}
 * @param close the {@code @OnClose} method, or {@code null}
 */
public record Endpoint(String beanName, List<String> paths, @Nullable Duration retry, boolean replay,
		boolean resumable, boolean shareGenerations, SourceEvents sourceEvents, boolean presence, @Nullable EndpointHandlerMethod check,
		@Nullable EndpointHandlerMethod open, @Nullable EndpointHandlerMethod close) {
}
