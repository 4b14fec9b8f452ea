/**
 * Runs the workloads against each server in its own JVM and writes the results.
 */
@NullMarked
package io.github.eventsource.benchmark.runner;

import org.jspecify.annotations.NullMarked;
