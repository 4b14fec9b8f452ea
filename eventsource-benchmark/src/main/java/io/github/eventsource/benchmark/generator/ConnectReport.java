package io.github.eventsource.benchmark.generator;

/**
 * The time from starting to connect to the response's headers, for the streams of a
 * group that got them.
 *
 * @param streams the streams that got their headers
 * @param p50Millis the median, in milliseconds
 * @param p99Millis the 99th percentile, in milliseconds
 * @param maxMillis the longest, in milliseconds
 */
public record ConnectReport(long streams, double p50Millis, double p99Millis, double maxMillis) {

}
