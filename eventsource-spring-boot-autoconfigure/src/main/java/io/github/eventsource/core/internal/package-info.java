/**
 * The wire format, the non-blocking outbound stream of each session, the session registry,
 * heartbeats and shutdown. Not API: these types may change or go away in any release; the
 * API is {@link io.github.eventsource.core}.
 */
@NullMarked
package io.github.eventsource.core.internal;

import org.jspecify.annotations.NullMarked;
