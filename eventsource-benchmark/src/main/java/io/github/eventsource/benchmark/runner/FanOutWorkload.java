package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.Map;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;

/**
 * W2, W3 and W4: streams that read, optionally some that stop reading, and broadcasts
 * at a steady period; latency, missing events, throughput, CPU per event, and the heap
 * after GC before and after.
 */
final class FanOutWorkload implements Workload {

	private final String name;

	private final int streams;

	private final int stalledStreams;

	private final long periodMillis;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param name the name in the results
	 * @param streams the reading streams
	 * @param stalledStreams the streams that stop reading once open
	 * @param periodMillis the broadcast period
	 * @param duration how long to broadcast
	 */
	FanOutWorkload(String name, int streams, int stalledStreams, long periodMillis, Duration duration) {
		this.name = name;
		this.streams = streams;
		this.stalledStreams = stalledStreams;
		this.periodMillis = periodMillis;
		this.duration = duration;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		run.openStreams(this.streams, StreamMode.READ);
		StreamGroup stalled = run.openStreams(this.stalledStreams, StreamMode.STALL);
		double heapBefore = run.heapAfterGcMib();
		Map<String, Object> metrics = run.broadcastFor(this.periodMillis, this.duration);
		double heapAfter = run.heapAfterGcMib();
		if (this.stalledStreams > 0) {
			metrics.put("stalled", stalled.opened());
			metrics.put("stalled_ended_by_server", stalled.endedByServer());
		}
		metrics.put("heap_before_mib", heapBefore);
		metrics.put("heap_after_mib", heapAfter);
		return metrics;
	}

}
