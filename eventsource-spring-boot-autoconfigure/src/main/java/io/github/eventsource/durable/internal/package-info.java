/**
 * The in-memory Durable Streams server: the stream logs, their bounds, and the HTTP
 * handler that serves them through Spring MVC.
 */
@NullMarked
package io.github.eventsource.durable.internal;

import org.jspecify.annotations.NullMarked;
