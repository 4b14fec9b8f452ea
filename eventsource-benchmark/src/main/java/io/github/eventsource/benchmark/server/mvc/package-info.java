/**
 * The server users write by hand today: a {@code @GetMapping} returning {@code SseEmitter} and a loop over a list of emitters.
 */
@NullMarked
package io.github.eventsource.benchmark.server.mvc;

import org.jspecify.annotations.NullMarked;
