/**
 * Spring MVC integration: endpoint detection, handler methods, request mapping and the {@code SseEmitter} transport.
 */
@NullMarked
package io.github.eventsource.web;

import org.jspecify.annotations.NullMarked;
