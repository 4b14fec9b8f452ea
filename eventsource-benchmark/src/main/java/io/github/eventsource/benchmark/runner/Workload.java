package io.github.eventsource.benchmark.runner;

import java.util.Map;

/**
 * One of the benchmark's workloads, run against a fresh server.
 */
interface Workload {

	/**
	 * Return the workload's name in the results, such as {@code W2}.
	 * @return the name
	 */
	String name();

	/**
	 * Run the workload and return what it measured.
	 * @param run the server and generator
	 * @return the metrics, in the order they are reported
	 */
	Map<String, Object> run(BenchmarkRun run);

}
