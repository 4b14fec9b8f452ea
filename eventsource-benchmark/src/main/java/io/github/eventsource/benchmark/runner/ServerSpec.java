package io.github.eventsource.benchmark.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A server to benchmark: a name for the results, its main class, extra arguments and
 * its container's classpath.
 *
 * @param name the name in the results, such as {@code starter}
 * @param mainClass the application's main class
 * @param arguments extra application arguments, such as properties
 * @param workloads the workloads run against it; empty for all
 * @param jetty whether it runs on the Jetty classpath (Tomcat left out, as Spring Boot's
 * documentation swaps the starters) instead of the Tomcat one
 */
record ServerSpec(String name, String mainClass, List<String> arguments, Set<String> workloads, boolean jetty) {

	private static final String SERVER_PACKAGE = "io.github.eventsource.benchmark.server.";

	static final ServerSpec STARTER = new ServerSpec("starter", SERVER_PACKAGE + "starter.StarterServer", List.of(),
			Set.of(), false);

	static final ServerSpec STARTER_TUNED = new ServerSpec("starter-tuned", STARTER.mainClass(),
			List.of("--benchmark.tuned=true", "--server.tomcat.max-http-response-header-size=2KB"), Set.of("W1", "W2", "W3"),
			false);

	static final ServerSpec MVC = new ServerSpec("mvc", SERVER_PACKAGE + "mvc.MvcServer", List.of(), Set.of(), false);

	static final ServerSpec WEBFLUX = new ServerSpec("webflux", SERVER_PACKAGE + "webflux.WebfluxServer", List.of(),
			Set.of(), false);

	static final ServerSpec STARTER_JETTY = new ServerSpec("starter-jetty", STARTER.mainClass(), List.of(), Set.of(),
			true);

	static final ServerSpec MVC_JETTY = new ServerSpec("mvc-jetty", MVC.mainClass(), List.of(), Set.of(), true);

	static final ServerSpec SSE_EVENTBUS = new ServerSpec("sse-eventbus", SERVER_PACKAGE + "eventbus.EventBusServer",
			List.of(), Set.of(), false);

	/**
	 * Every server, in the order each workload runs them: each Tomcat server next to its
	 * Jetty twin would run two of a kind back to back, so they alternate.
	 */
	static final List<ServerSpec> ALL = List.of(STARTER, MVC, WEBFLUX, STARTER_JETTY, MVC_JETTY, SSE_EVENTBUS,
			STARTER_TUNED);

	static final String ALL_NAMES = String.join(",", ALL.stream().map(ServerSpec::name).toList());

	/**
	 * Return this server with more application arguments, under the same name.
	 * @param more the arguments to add
	 * @return the server with the arguments
	 */
	ServerSpec withArguments(List<String> more) {
		List<String> all = new ArrayList<>(this.arguments);
		all.addAll(more);
		return new ServerSpec(this.name, this.mainClass, List.copyOf(all), this.workloads, this.jetty);
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
