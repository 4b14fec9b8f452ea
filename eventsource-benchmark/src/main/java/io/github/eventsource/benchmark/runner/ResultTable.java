package io.github.eventsource.benchmark.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Formats results as Markdown tables: one per workload with every metric, and a summary
 * with the figures the targets are about.
 */
final class ResultTable {

	private static final List<Column> SUMMARY = List.of(
			new Column("W1 heap/stream KiB", "W1", (m) -> m.get("heap_per_stream_kib")),
			new Column("W1 RSS/stream KiB", "W1", (m) -> m.get("rss_per_stream_kib")),
			new Column("W1 max streams", "W1", (m) -> m.get("max_streams")),
			new Column("W2 p50 / p99 / max ms", "W2",
					(m) -> m.get("p50_ms") + " / " + m.get("p99_ms") + " / " + m.get("max_ms")),
			new Column("W2 CPU cores: server / generator / others", "W2",
					(m) -> m.get("server_cpu_cores") + " / " + m.get("gen_cpu_cores") + " / " + m.get("other_cpu_cores")),
			new Column("W2 missing", "W2", (m) -> m.get("missing")),
			new Column("W2 CPU µs/event", "W2", (m) -> m.get("server_cpu_us_per_event")),
			new Column("W3 events/s", "W3", (m) -> m.get("delivered_per_s")),
			new Column("W3 p99 ms", "W3", (m) -> m.get("p99_ms")),
			new Column("W3 missing", "W3", (m) -> m.get("missing")),
			new Column("W4 p99 ms", "W4", (m) -> m.get("p99_ms")),
			new Column("W4 missing", "W4", (m) -> m.get("missing")),
			new Column("W4 heap MiB before→after", "W4", (m) -> m.get("heap_before_mib") + " → " + m.get("heap_after_mib")),
			new Column("W5 SIGTERM→exit s", "W5", (m) -> (m.get("shutdown_s") != null) ? m.get("shutdown_s")
					: "killed after " + m.get("killed_after_s")),
			new Column("W6 sessions / open", "W6", (m) -> m.get("sessions_at_end") + " / " + m.get("held_open")),
			new Column("W6 heap MiB before→halfway→after", "W6",
					(m) -> m.get("heap_before_mib") + " → " + m.get("heap_halfway_mib") + " → " + m.get("heap_after_mib")),
			new Column("W3 CPU cores: server / generator / others", "W3",
					(m) -> m.get("server_cpu_cores") + " / " + m.get("gen_cpu_cores") + " / " + m.get("other_cpu_cores")),
			new Column("W7 A p50 / p99 / max ms", "W7",
					(m) -> m.get("a_p50_ms") + " / " + m.get("a_p99_ms") + " / " + m.get("a_max_ms")),
			new Column("W7 B p50 / p99 / max ms", "W7",
					(m) -> m.get("b_p50_ms") + " / " + m.get("b_p99_ms") + " / " + m.get("b_max_ms")),
			new Column("W7 missing A / B", "W7", (m) -> m.get("a_missing") + " / " + m.get("b_missing")),
			new Column("W7 CPU cores: A / B / Redis / generator / others", "W7",
					(m) -> m.get("a_server_cpu_cores") + " / " + m.get("b_server_cpu_cores") + " / "
							+ m.get("redis_cpu_cores") + " / " + m.get("gen_cpu_cores") + " / " + m.get("other_cpu_cores")));

	private ResultTable() {
	}

	/**
	 * Return the summary table: one row per server.
	 * @param results the results
	 * @return the Markdown table
	 */
	static String summary(List<Result> results) {
		StringBuilder table = new StringBuilder();
		table.append("| server | ");
		SUMMARY.forEach((column) -> table.append(column.title()).append(" | "));
		table.append("\n|---|");
		SUMMARY.forEach((column) -> table.append("---|"));
		table.append('\n');
		for (String server : servers(results)) {
			table.append("| ").append(server).append(" | ");
			for (Column column : SUMMARY) {
				Result result = find(results, server, column.workload());
				table.append((result != null && !result.metrics().containsKey("error"))
						? String.valueOf(column.value().apply(rounded(result.metrics()))) : "–")
					.append(" | ");
			}
			table.append('\n');
		}
		return table.toString();
	}

	/**
	 * Return one table per workload with every metric measured.
	 * @param results the results
	 * @return the Markdown tables, each under a heading
	 */
	static String details(List<Result> results) {
		StringBuilder text = new StringBuilder();
		Set<String> workloads = new LinkedHashSet<>();
		results.forEach((result) -> workloads.add(result.workload()));
		for (String workload : workloads) {
			List<Result> rows = results.stream().filter((result) -> result.workload().equals(workload)).toList();
			Set<String> keys = new LinkedHashSet<>();
			rows.forEach((row) -> keys.addAll(row.metrics().keySet()));
			text.append("\n### ").append(workload).append("\n\n| server | ").append(String.join(" | ", keys))
				.append(" |\n|---|");
			keys.forEach((key) -> text.append("---|"));
			text.append('\n');
			for (Result row : rows) {
				text.append("| ").append(row.server()).append(" | ");
				Map<String, Object> metrics = rounded(row.metrics());
				keys.forEach((key) -> text.append(metrics.getOrDefault(key, "")).append(" | "));
				text.append('\n');
			}
		}
		return text.toString();
	}

	/**
	 * Round decimals for reading: two places below 10, one above.
	 */
	private static Map<String, Object> rounded(Map<String, Object> metrics) {
		Map<String, Object> rounded = new LinkedHashMap<>(metrics);
		rounded.replaceAll((key, value) -> (value instanceof Double number) ? round(number) : value);
		return rounded;
	}

	private static Object round(double number) {
		double scale = (Math.abs(number) < 10) ? 100 : 10;
		return Math.round(number * scale) / scale;
	}

	private static List<String> servers(List<Result> results) {
		List<String> servers = new ArrayList<>();
		results.stream().map(Result::server).filter((server) -> !servers.contains(server)).forEach(servers::add);
		return servers;
	}

	private static @Nullable Result find(List<Result> results, String server, String workload) {
		return results.stream()
			.filter((result) -> result.server().equals(server) && result.workload().equals(workload))
			.findFirst()
			.orElse(null);
	}

	private record Column(String title, String workload, Function<Map<String, Object>, Object> value) {

	}

	/**
	 * The metrics of one workload on one server.
	 *
	 * @param server the server's name
	 * @param workload the workload's name
	 * @param metrics the metrics
	 */
	record Result(String server, String workload, Map<String, Object> metrics) {

	}

}
