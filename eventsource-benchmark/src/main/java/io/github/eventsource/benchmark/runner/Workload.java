package io.github.eventsource.benchmark.runner;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Return whether the workload applies to a server.
	 * @param server the server
	 * @return whether to run it against the server
	 */
	default boolean runsOn(ServerSpec server) {
		return true;
	}

	/**
	 * Return why the workload cannot run on this machine now, such as a service it needs
	 * that does not answer.
	 * @return the reason, or {@code null} if it can run
	 */
	default @Nullable String unavailableBecause() {
		return null;
	}

	/**
	 * Return the application arguments the server needs for this workload, asked once
	 * per run.
	 * @return the arguments
	 */
	default List<String> serverArguments() {
		return List.of();
	}

}
