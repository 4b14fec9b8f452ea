/**
 * The server built on this starter: an {@code @EventSourceEndpoint} and {@code EventSourceTemplate} broadcasts.
 */
@NullMarked
package io.github.eventsource.benchmark.server.starter;

import org.jspecify.annotations.NullMarked;
