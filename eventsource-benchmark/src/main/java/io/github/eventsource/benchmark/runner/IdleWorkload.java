package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;

/**
 * W1: what idle streams cost (heap after GC and RSS per stream, for 10,000 streams),
 * then the most streams the server holds, up to the file-descriptor limit.
 */
final class IdleWorkload implements Workload {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private final int streams;

	private final int maxStreams;

	/**
	 * Create the workload.
	 * @param streams the idle streams measured
	 * @param maxStreams the most streams tried
	 */
	IdleWorkload(int streams, int maxStreams) {
		this.streams = streams;
		this.maxStreams = maxStreams;
	}

	@Override
	public String name() {
		return "W1";
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		CpuMeter cpu = new CpuMeter(run.server().stat());
		double heapBefore = run.heapAfterGcMib();
		double rssBefore = run.rssMib();
		StreamGroup idle = run.openStreams(this.streams, StreamMode.READ);
		double heap = run.heapAfterGcMib();
		double rss = run.rssMib();
		int open = run.control().stats().subscribers();
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("streams", open);
		metrics.put("heap_mib", heap);
		metrics.put("rss_mib", rss);
		metrics.put("heap_per_stream_kib", perStreamKib(heap - heapBefore, open));
		metrics.put("rss_per_stream_kib", perStreamKib(rss - rssBefore, open));
		run.putConnectLatency(metrics, idle);
		StreamGroup more = run.connectStreams(this.maxStreams - idle.live(), StreamMode.READ);
		try {
			// a server that does not answer within 10 s has run out of heap
			Await.until(() -> run.control().stats(ANSWER_TIMEOUT).subscribers() >= idle.live() + more.live(),
					Duration.ofSeconds(10));
			metrics.put("max_streams", run.control().stats(ANSWER_TIMEOUT).subscribers());
			metrics.put("heap_at_max_mib", run.heapAfterGcMib());
		}
		catch (IllegalStateException ex) {
			metrics.put("max_streams", idle.live() + more.live());
			metrics.put("max_note", "server stopped answering: heap exhausted");
		}
		metrics.put("rss_at_max_mib", run.rssMib());
		metrics.put("other_cpu_cores", cpu.otherCores());
		return metrics;
	}

	private static double perStreamKib(double mib, int streams) {
		return (streams > 0) ? BenchmarkRun.tenths(mib * 1024 / streams) : 0;
	}

}
