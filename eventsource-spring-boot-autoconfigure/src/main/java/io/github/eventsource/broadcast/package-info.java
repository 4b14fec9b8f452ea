/**
 * Delivery to many streams: paths, groups, users, event ids and replay history.
 */
@NullMarked
package io.github.eventsource.broadcast;

import org.jspecify.annotations.NullMarked;
