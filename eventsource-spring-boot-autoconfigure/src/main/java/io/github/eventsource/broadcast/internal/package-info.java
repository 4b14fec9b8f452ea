/**
 * Delivery to many streams: channels of paths, groups and users, event ids and replay
 * history. Not API: these types may change or go away in any release; the API is
 * {@link io.github.eventsource.broadcast.EventSourceTemplate}.
 */
@NullMarked
package io.github.eventsource.broadcast.internal;

import org.jspecify.annotations.NullMarked;
