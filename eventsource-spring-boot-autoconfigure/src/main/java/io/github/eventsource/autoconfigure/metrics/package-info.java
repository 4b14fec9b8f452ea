/**
 * Micrometer metrics of Server-Sent Events streams.
 */
@NullMarked
package io.github.eventsource.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
