package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventsource.benchmark.runner.ResultTable.Result;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every workload against every server, each on a fresh server JVM, and writes
 * {@code <date>.jsonl} (one JSON line per run) and {@code <date>.md} (the tables) to the
 * results directory.
 * <p>
 * Arguments, all optional: {@code --servers=starter,mvc,webflux,starter-tuned},
 * {@code --workloads=W1,W2,W3,W4,W5,W6,W7}, {@code --seconds=30} (W2 to W4 and W7),
 * {@code --churn-seconds=60} (W6), {@code --results=results}.
 */
public final class BenchmarkRunner {

	private static final Log logger = LogFactory.getLog(BenchmarkRunner.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private BenchmarkRunner() {
	}

	/**
	 * Run the benchmark.
	 * @param args the arguments
	 * @throws IOException if the results cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "30")));
		Duration churn = Duration.ofSeconds(Long.parseLong(options.getOrDefault("churn-seconds", "60")));
		List<Workload> workloads = new ArrayList<>(List.of(new IdleWorkload(10_000, 19_900),
				new FanOutWorkload("W2", 10_000, 0, 1000, duration), new FanOutWorkload("W3", 1_000, 0, 10, duration),
				new FanOutWorkload("W4", 1_000, 10, 10, duration), new ShutdownWorkload(10_000),
				new ChurnWorkload(5_000, 200, churn), new ClusterWorkload(5_000, 1000, duration)));
		List<String> selected = List.of(options.getOrDefault("workloads", "W1,W2,W3,W4,W5,W6,W7").split(","));
		workloads.removeIf((workload) -> !selected.contains(workload.name()) || skipped(workload));
		List<ServerSpec> servers = Arrays.stream(options.getOrDefault("servers", ServerSpec.ALL_NAMES).split(","))
			.map(ServerSpec::named)
			.toList();
		Path results = Path.of(options.getOrDefault("results", "results"));
		Path logs = Files.createDirectories(results.resolve("logs"));
		String date = LocalDate.now(ZoneOffset.UTC).toString();
		Path jsonl = results.resolve(date + ".jsonl");
		List<String> earlier = Files.exists(jsonl) ? Files.readAllLines(jsonl) : List.of();
		String classpath = System.getProperty("java.class.path");
		String jettyClasspath = options.getOrDefault("jetty-classpath", "");
		List<String> lines = new ArrayList<>();
		List<Result> done = merge(earlier, lines);
		for (Workload workload : workloads) {
			for (ServerSpec server : servers) {
				if (server.runs(workload) && workload.runsOn(server)) {
					lines.add(jsonLine(date, run(workload, server, server.jetty() ? jettyClasspath : classpath, logs)));
					done = merge(earlier, lines);
					Files.write(jsonl, done.stream().map((result) -> jsonLine(date, result)).toList());
				}
			}
		}
		Files.writeString(results.resolve(date + ".md"), markdown(date, done));
		Files.writeString(results.resolve("README-table.md"), readmeTable(date, done));
		logger.info("Results in " + results.resolve(date + ".md"));
	}

	private static Result run(Workload workload, ServerSpec server, String classpath, Path logs) {
		logger.info("Running " + workload.name() + " against " + server.name());
		Map<String, Object> metrics;
		try (BenchmarkRun run = BenchmarkRun.start(server.withArguments(workload.serverArguments()), classpath,
				logs.resolve(server.name() + "-" + workload.name() + ".log"))) {
			String webServer = run.control().stats().webServer();
			metrics = new LinkedHashMap<>();
			metrics.put("web_server", webServer);
			metrics.putAll(workload.run(run));
		}
		catch (RuntimeException ex) {
			logger.error(workload.name() + " against " + server.name() + " failed", ex);
			metrics = Map.of("error", String.valueOf(ex));
		}
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

	/**
	 * Keep the results of the day's earlier runs for the server and workload pairs not
	 * run again, so that one workload can be re-run; in the order of the workloads.
	 */
	private static List<Result> merge(List<String> earlier, List<String> lines) {
		Map<String, Result> results = new LinkedHashMap<>();
		for (String line : earlier) {
			Result result = parse(line);
			results.put(result.server() + " " + result.workload(), result);
		}
		for (String line : lines) {
			Result result = parse(line);
			results.put(result.server() + " " + result.workload(), result);
		}
		return results.values()
			.stream()
			.sorted(Comparator.comparing(Result::workload))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Result parse(String line) {
		Map<String, Object> metrics = new LinkedHashMap<>(json.readValue(line, Map.class));
		String server = (String) metrics.remove("server");
		String workload = (String) metrics.remove("workload");
		metrics.remove("date");
		Machine.describe().keySet().forEach(metrics::remove);
		return new Result(server, workload, metrics);
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

	private static String markdown(String date, List<Result> results) {
		return "# Benchmark results, " + date + "\n\n" + Machine.summary() + "\n\n## Summary\n\n"
				+ ResultTable.summary(results) + "\n## Every metric\n" + ResultTable.details(results);
	}

	private static String readmeTable(String date, List<Result> results) {
		return "Measured on " + date + ", " + Machine.summary() + " (`eventsource-benchmark/run.sh`):\n\n"
				+ ResultTable.summary(results);
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
