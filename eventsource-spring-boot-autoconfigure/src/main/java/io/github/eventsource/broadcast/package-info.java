/**
 * Sending to many streams from anywhere:
 * {@link io.github.eventsource.broadcast.EventSourceTemplate}.
 */
@NullMarked
package io.github.eventsource.broadcast;

import org.jspecify.annotations.NullMarked;
