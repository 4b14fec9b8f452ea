package io.github.eventsource.benchmark.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A server to benchmark: a name for the results, its main class and extra arguments.
 *
 * @param name the name in the results, such as {@code starter}
 * @param mainClass the application's main class
 * @param arguments extra application arguments, such as properties
 * @param workloads the workloads run against it; empty for all
 */
record ServerSpec(String name, String mainClass, List<String> arguments, Set<String> workloads) {

	private static final String SERVER_PACKAGE = "io.github.eventsource.benchmark.server.";

	static final ServerSpec STARTER = new ServerSpec("starter", SERVER_PACKAGE + "starter.StarterServer", List.of(),
			Set.of());

	static final ServerSpec STARTER_TUNED = new ServerSpec("starter-tuned", STARTER.mainClass(),
			List.of("--benchmark.tuned=true", "--server.tomcat.max-http-response-header-size=2KB"), Set.of("W1", "W2", "W3"));

	static final ServerSpec MVC = new ServerSpec("mvc", SERVER_PACKAGE + "mvc.MvcServer", List.of(), Set.of());

	static final ServerSpec WEBFLUX = new ServerSpec("webflux", SERVER_PACKAGE + "webflux.WebfluxServer", List.of(),
			Set.of());

	static final List<ServerSpec> ALL = List.of(STARTER, STARTER_TUNED, MVC, WEBFLUX);

	/**
	 * Return this server with more application arguments, under the same name.
	 * @param more the arguments to add
	 * @return the server with the arguments
	 */
	ServerSpec withArguments(List<String> more) {
		List<String> all = new ArrayList<>(this.arguments);
		all.addAll(more);
		return new ServerSpec(this.name, this.mainClass, List.copyOf(all), this.workloads);
	}

	boolean runs(Workload workload) {
		return this.workloads.isEmpty() || this.workloads.contains(workload.name());
	}

	static ServerSpec named(String name) {
		return ALL.stream()
			.filter((spec) -> spec.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown server " + name));
	}

}
