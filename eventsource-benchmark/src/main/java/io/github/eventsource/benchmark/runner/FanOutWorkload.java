package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.Map;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;

/**
 * W2 and W3: streams that read and broadcasts at a steady period; latency, missing
 * events, throughput, CPU per event, and the heap after GC before and after.
 */
final class FanOutWorkload implements Workload {

	private final String name;

	private final int streams;

	private final long periodMillis;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param name the name in the results
	 * @param streams the reading streams
	 * @param periodMillis the broadcast period
	 * @param duration how long to broadcast
	 */
	FanOutWorkload(String name, int streams, long periodMillis, Duration duration) {
		this.name = name;
		this.streams = streams;
		this.periodMillis = periodMillis;
		this.duration = duration;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		StreamGroup group = run.openStreams(this.streams, StreamMode.READ);
		double heapBefore = run.heapAfterGcMib();
		Map<String, Object> metrics = run.broadcastFor(this.periodMillis, this.duration);
		run.putConnectLatency(metrics, group);
		double heapAfter = run.heapAfterGcMib();
		metrics.put("heap_before_mib", heapBefore);
		metrics.put("heap_after_mib", heapAfter);
		return metrics;
	}

}
