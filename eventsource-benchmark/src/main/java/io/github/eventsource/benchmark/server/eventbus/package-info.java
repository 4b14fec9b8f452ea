/**
 * The server built on sse-eventbus ({@code ch.rasc:sse-eventbus}), used as its README shows.
 */
@NullMarked
package io.github.eventsource.benchmark.server.eventbus;

import org.jspecify.annotations.NullMarked;
