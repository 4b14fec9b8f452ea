/**
 * The load generator: many SSE streams on non-blocking sockets, parsed per the spec, with latency and gap accounting.
 */
@NullMarked
package io.github.eventsource.benchmark.generator;

import org.jspecify.annotations.NullMarked;
