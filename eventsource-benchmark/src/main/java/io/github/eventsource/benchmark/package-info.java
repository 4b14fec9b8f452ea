/**
 * The benchmark: three servers with the same endpoints and a load generator that compares them.
 */
@NullMarked
package io.github.eventsource.benchmark;

import org.jspecify.annotations.NullMarked;
