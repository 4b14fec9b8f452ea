/**
 * The WebFlux server: Reactor Netty and one multicast sink shared by every stream.
 */
@NullMarked
package io.github.eventsource.benchmark.server.webflux;

import org.jspecify.annotations.NullMarked;
