package io.github.eventsource.benchmark.generator;

/**
 * What the reading streams received in a measurement window.
 *
 * @param streams the streams counted: open and reading for the whole window
 * @param delivered the events received with an id in the window
 * @param missing the ids of the window that a counted stream never received
 * @param gaps the ids skipped within what each stream received
 * @param p50Millis the median latency, in milliseconds
 * @param p99Millis the 99th percentile latency, in milliseconds
 * @param maxMillis the highest latency, in milliseconds
 */
public record WindowReport(int streams, long delivered, long missing, long gaps, double p50Millis, double p99Millis,
		double maxMillis) {

}
