/**
 * The Durable Streams server: the HTTP handler that serves streams through Spring MVC,
 * its live readers, and the storage behind them, in memory or in Redis in cluster mode.
 */
@NullMarked
package io.github.eventsource.durable.internal;

import org.jspecify.annotations.NullMarked;
