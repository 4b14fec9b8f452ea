/**
 * Who is connected to a path or a group:
 * {@link io.github.eventsource.presence.EventSourcePresence}.
 */
@NullMarked
package io.github.eventsource.presence;

import org.jspecify.annotations.NullMarked;
