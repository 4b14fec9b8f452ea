/**
 * Sessions and events: {@link io.github.eventsource.core.EventSourceSession},
 * {@link io.github.eventsource.core.EventSourceEvent} and the observer SPI,
 * {@link io.github.eventsource.core.EventSourceObserver}.
 */
@NullMarked
package io.github.eventsource.core;

import org.jspecify.annotations.NullMarked;
