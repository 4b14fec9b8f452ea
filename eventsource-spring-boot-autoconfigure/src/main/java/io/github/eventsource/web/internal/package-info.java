/**
 * Spring MVC integration: endpoint detection, handler methods, request mapping and the
 * {@code SseEmitter} transport. Not API: these types may change or go away in any release.
 */
@NullMarked
package io.github.eventsource.web.internal;

import org.jspecify.annotations.NullMarked;
