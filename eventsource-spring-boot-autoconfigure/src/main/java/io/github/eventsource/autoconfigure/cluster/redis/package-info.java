/**
 * Cluster mode on Redis: events, event ids and the replay history shared by every
 * instance through Spring Data Redis.
 */
@NullMarked
package io.github.eventsource.autoconfigure.cluster.redis;

import org.jspecify.annotations.NullMarked;
