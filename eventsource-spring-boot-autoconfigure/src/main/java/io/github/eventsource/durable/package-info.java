/**
 * Durable Streams: append-only byte streams addressed by URL, read from any offset and
 * followed live (the open protocol of {@code durable-streams/durable-streams}); the Java
 * API {@link io.github.eventsource.durable.DurableStreams} and the authorization hook
 * {@link io.github.eventsource.durable.DurableStreamAccess}.
 */
@NullMarked
package io.github.eventsource.durable;

import org.jspecify.annotations.NullMarked;
