package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.Map;

import io.github.eventsource.benchmark.generator.StreamGroup;

/**
 * W2, W3 and W8: streams that read and a load sent at a steady rate, to every stream at
 * once (W2, W3) or to many rooms (W8); latency, missing events, throughput, CPU per
 * delivered event, and the heap after GC before and after.
 */
final class FanOutWorkload implements Workload {

	private final String name;

	private final int streams;

	private final Load load;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param name the name in the results
	 * @param streams the reading streams
	 * @param load what the server sends, and on which paths the streams read it
	 * @param duration how long to send
	 */
	FanOutWorkload(String name, int streams, Load load, Duration duration) {
		this.name = name;
		this.streams = streams;
		this.load = load;
		this.duration = duration;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		StreamGroup group = run.openStreams(run.server(), this.load, this.streams);
		double heapBefore = run.heapAfterGcMib();
		Map<String, Object> metrics = run.sendFor(this.load, this.duration);
		run.putConnectLatency(metrics, group);
		double heapAfter = run.heapAfterGcMib();
		metrics.put("heap_before_mib", heapBefore);
		metrics.put("heap_after_mib", heapAfter);
		return metrics;
	}

}
