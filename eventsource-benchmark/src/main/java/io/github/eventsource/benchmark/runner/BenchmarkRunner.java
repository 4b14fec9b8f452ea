package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.eventsource.benchmark.runner.ResultTable.Result;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every workload against every server in one sitting, each on a fresh server JVM:
 * for each workload in turn, every server back to back, so that the servers compared
 * in a table ran minutes apart on the same machine. Writes {@code <date>.jsonl} (one
 * JSON line per run), {@code <date>.md} (the tables) and {@code README-table.md} (the
 * summary) to the results directory, from this run's results only: a later run the same
 * day replaces them.
 * <p>
 * Arguments, all optional: {@code --servers=starter,mvc,webflux,starter-jetty,mvc-jetty,sse-eventbus,starter-tuned},
 * {@code --workloads=W1,W2,W3,W4,W5,W6,W7,W8,W8c,W9}, {@code --seconds=10} (W2, W3, W7, W8 and
 * W8c), {@code --stall-seconds=15} (each of W4's two phases), {@code --churn-seconds=30} (W6),
 * {@code --w8-streams=10000}, {@code --w8-rooms=1000}, {@code --w8-posts=2000} (per second)
 * and {@code --w8-senders=8} (W8, and W8c with half the streams on each instance),
 * {@code --w9-streams=100}, {@code --w9-readers=10} (per stream), {@code --w9-rate=100}
 * (appends per second to each stream) and {@code --w9-seconds=60} (W9, run against the
 * starter and the Node reference server of Durable Streams, not the servers above),
 * {@code --results=results}, {@code --jetty-classpath=...} (the classpath of the Jetty
 * servers).
 */
public final class BenchmarkRunner {

	private static final Log logger = LogFactory.getLog(BenchmarkRunner.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ALL_WORKLOADS = "W1,W2,W3,W4,W5,W6,W7,W8,W8c,W9";

	private BenchmarkRunner() {
	}

	/**
	 * Run the benchmark.
	 * @param args the arguments
	 * @throws IOException if the results cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
		// longer than Tomcat's 20 s write timeout over W4's two phases
		Duration stall = Duration.ofSeconds(Long.parseLong(options.getOrDefault("stall-seconds", "15")));
		Duration churn = Duration.ofSeconds(Long.parseLong(options.getOrDefault("churn-seconds", "30")));
		// the generator holds every stream, and its classpath's jars and /proc files too
		int maxStreams = Math.min(19_900, Machine.openFilesLimit() - 1_000);
		int roomStreams = Integer.parseInt(options.getOrDefault("w8-streams", "10000"));
		Load rooms = new Load.Rooms(Integer.parseInt(options.getOrDefault("w8-rooms", "1000")),
				Double.parseDouble(options.getOrDefault("w8-posts", "2000")),
				Integer.parseInt(options.getOrDefault("w8-senders", "8")));
		List<Workload> workloads = new ArrayList<>(List.of(new IdleWorkload(10_000, maxStreams),
				new FanOutWorkload("W2", 10_000, new Load.Ticker(1000), duration),
				new FanOutWorkload("W3", 1_000, new Load.Ticker(10), duration),
				new StalledReadersWorkload(1_000, 100, 64, 60, 256 * 1024, stall), new ShutdownWorkload(10_000),
				new ChurnWorkload(5_000, 200, churn),
				new ClusterWorkload("W7", 5_000, new Load.Ticker(1000), duration),
				new FanOutWorkload("W8", roomStreams, rooms, duration),
				new ClusterWorkload("W8c", roomStreams / 2, rooms, duration)));
		List<String> selected = List.of(options.getOrDefault("workloads", ALL_WORKLOADS).split(","));
		workloads.removeIf((workload) -> !selected.contains(workload.name()) || skipped(workload));
		List<ServerSpec> servers = Arrays.stream(options.getOrDefault("servers", ServerSpec.ALL_NAMES).split(","))
			.map(ServerSpec::named)
			.toList();
		Path results = Path.of(options.getOrDefault("results", "results"));
		Path logs = Files.createDirectories(results.resolve("logs"));
		String date = LocalDate.now(ZoneOffset.UTC).toString();
		Path jsonl = results.resolve(date + ".jsonl");
		String classpath = System.getProperty("java.class.path");
		String jettyClasspath = options.getOrDefault("jetty-classpath", "");
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<Result> done = new ArrayList<>();
		for (Workload workload : workloads) {
			for (ServerSpec server : servers) {
				if (server.runs(workload) && workload.runsOn(server)) {
					done.add(run(workload, server, server.jetty() ? jettyClasspath : classpath, logs));
					Files.write(jsonl, done.stream().map((result) -> jsonLine(date, result)).toList());
				}
			}
		}
		if (selected.contains(DurableStreamsWorkload.NAME)) {
			String reason = NodeReferenceServer.unavailableBecause();
			if (reason != null) {
				logger.warn(DurableStreamsWorkload.NAME + " skipped: " + reason);
			}
			else {
				done.addAll(durableStreams(options).runSitting(classpath, logs));
				Files.write(jsonl, done.stream().map((result) -> jsonLine(date, result)).toList());
			}
		}
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String sitting = "One sitting from " + start + " to " + end + " (" + Duration.between(start, end).toMinutes()
				+ " min), " + Machine.summary() + ", options " + new TreeMap<>(withoutClasspath(options));
		Files.writeString(results.resolve(date + ".md"), "# Benchmark results, " + date + "\n\n" + sitting
				+ "\n\n## Summary\n\n" + ResultTable.summary(done) + "\n## Every metric\n" + ResultTable.details(done));
		Files.writeString(results.resolve("README-table.md"),
				sitting + " (`eventsource-benchmark/run.sh`).\n\n" + ResultTable.summary(done));
		logger.info("Results in " + results.resolve(date + ".md") + "; " + sitting);
	}

	private static DurableStreamsWorkload durableStreams(Map<String, String> options) {
		return new DurableStreamsWorkload(Integer.parseInt(options.getOrDefault("w9-streams", "100")),
				Integer.parseInt(options.getOrDefault("w9-readers", "10")),
				Double.parseDouble(options.getOrDefault("w9-rate", "100")),
				Duration.ofSeconds(Long.parseLong(options.getOrDefault("w9-seconds", "60"))));
	}

	private static Result run(Workload workload, ServerSpec server, String classpath, Path logs) {
		logger.info("Running " + workload.name() + " against " + server.name());
		Map<String, Object> metrics = new LinkedHashMap<>();
		long start = System.nanoTime();
		try (BenchmarkRun run = BenchmarkRun.start(server.withArguments(workload.serverArguments()), classpath,
				logs.resolve(server.name() + "-" + workload.name() + ".log"))) {
			metrics.put("web_server", run.control().stats().webServer());
			metrics.putAll(workload.run(run));
		}
		catch (RuntimeException ex) {
			logger.error(workload.name() + " against " + server.name() + " failed", ex);
			metrics.put("error", String.valueOf(ex));
		}
		metrics.put("run_s", Math.round((System.nanoTime() - start) / 1e9));
		logger.info(workload.name() + " " + server.name() + ": " + metrics);
		return new Result(server.name(), workload.name(), metrics);
	}

	private static boolean skipped(Workload workload) {
		String reason = workload.unavailableBecause();
		if (reason != null) {
			logger.warn(workload.name() + " skipped: " + reason);
		}
		return reason != null;
	}

	private static String jsonLine(String date, Result result) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("date", date);
		line.put("server", result.server());
		line.put("workload", result.workload());
		line.putAll(Machine.describe());
		line.putAll(result.metrics());
		return json.writeValueAsString(line);
	}

	private static Map<String, String> withoutClasspath(Map<String, String> options) {
		Map<String, String> shown = new HashMap<>(options);
		shown.remove("jetty-classpath");
		shown.remove("results");
		return shown;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		return options;
	}

}
