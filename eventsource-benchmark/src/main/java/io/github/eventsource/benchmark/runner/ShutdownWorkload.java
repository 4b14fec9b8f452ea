package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;

/**
 * W5: the time from SIGTERM to the server's exit with many open streams.
 */
final class ShutdownWorkload implements Workload {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final int streams;

	ShutdownWorkload(int streams) {
		this.streams = streams;
	}

	@Override
	public String name() {
		return "W5";
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		CpuMeter cpu = new CpuMeter(run.server().stat());
		StreamGroup group = run.openStreams(this.streams, StreamMode.READ);
		int open = run.control().stats().subscribers();
		double others = cpu.otherCores();
		Duration exit = run.server().terminate(TIMEOUT);
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("streams", open);
		metrics.put("shutdown_s", (exit != null) ? exit.toMillis() / 1000.0 : null);
		metrics.put("killed_after_s", (exit != null) ? null : TIMEOUT.toSeconds());
		metrics.put("streams_ended_by_server", group.endedByServer());
		metrics.put("other_cpu_cores", others);
		return metrics;
	}

}
