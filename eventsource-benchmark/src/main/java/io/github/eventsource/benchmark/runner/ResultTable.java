package io.github.eventsource.benchmark.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Formats the results of one run as Markdown tables: a summary table per workload, one
 * row per server, each figure next to its ratio to the best other server's and the
 * machine's other load during that server's run; and one table per workload with every
 * metric.
 */
final class ResultTable {

	/**
	 * What the ratios in brackets mean, printed above the summary.
	 */
	static final String RATIO_NOTE = "In brackets, each figure against the best other server's in the same run: "
			+ "1.00 is as good as the best of the others, 1.50 half as good again (50% more latency, or two thirds "
			+ "of the throughput), 0.50 twice as good as every other. \"others\" is the CPU, in cores, of every "
			+ "process other than the server and the generator during the measurement: the machine's load.";

	private static final Map<String, List<Column>> SUMMARY = new LinkedHashMap<>();

	static {
		SUMMARY.put("W1 idle streams",
				List.of(Column.lower("heap/stream KiB", "heap_per_stream_kib"),
						Column.lower("RSS/stream KiB", "rss_per_stream_kib"), Column.higher("max streams", "max_streams"),
						Column.lower("connect p50 ms", "connect_p50_ms"), Column.lower("connect p99 ms", "connect_p99_ms")));
		SUMMARY.put("W2 fan-out, 10,000 streams × 1/s",
				List.of(Column.lower("p50 ms", "p50_ms"), Column.lower("p99 ms", "p99_ms"),
						Column.lower("max ms", "max_ms"), Column.plain("missing", "missing"),
						Column.lower("server CPU µs/event", "server_cpu_us_per_event"),
						Column.lower("connect p50 ms", "connect_p50_ms"), Column.lower("connect p99 ms", "connect_p99_ms")));
		SUMMARY.put("W3 throughput, 1,000 streams × 100/s",
				List.of(Column.higher("events/s", "delivered_per_s"), Column.lower("p50 ms", "p50_ms"),
						Column.lower("p99 ms", "p99_ms"), Column.plain("missing", "missing"),
						Column.lower("server CPU µs/event", "server_cpu_us_per_event")));
		SUMMARY.put("W4 stalled readers",
				List.of(Column.plain("broadcasts during / after", "w4_broadcasts"),
						Column.lower("p99 ms during flood", "flood_p99_ms"),
						Column.plain("missing during flood", "flood_missing"),
						Column.lower("p99 ms after flood", "after_p99_ms"),
						Column.plain("missing after flood", "after_missing"),
						Column.lower("stalled streams ended after s", "stalled_ended_s"),
						Column.plain("stalled ended / open", "stalled_ended_of_open"),
						Column.lower("heap after GC MiB", "heap_after_mib")));
		SUMMARY.put("W5 shutdown", List.of(Column.lower("SIGTERM→exit s", "shutdown_s"),
				Column.plain("killed after s", "killed_after_s")));
		SUMMARY.put("W6 churn",
				List.of(Column.plain("sessions / open", "sessions_over_open"),
						Column.lower("heap MiB before", "heap_before_mib"),
						Column.lower("heap MiB halfway", "heap_halfway_mib"),
						Column.lower("heap MiB after", "heap_after_mib")));
		List<Column> cluster = List.of(Column.plain("A p50 / p99 / max ms", "a_latency"),
				Column.plain("B p50 / p99 / max ms", "b_latency"), Column.plain("missing A / B", "missing_a_b"),
				Column.plain("CPU cores A / B / Redis / generator", "cluster_cpu"),
				Column.plain("first event on all s", "first_event_s"));
		SUMMARY.put("W7 cluster", cluster);
		SUMMARY.put("W8 many rooms, 10,000 streams over 1,000 rooms, 2,000 posts/s from 8 threads",
				List.of(Column.higher("events/s", "delivered_per_s"), Column.lower("p50 ms", "p50_ms"),
						Column.lower("p99 ms", "p99_ms"), Column.lower("max ms", "max_ms"),
						Column.plain("missing", "missing"),
						Column.lower("server CPU µs/event", "server_cpu_us_per_event"),
						Column.plain("posts/s", "posts_per_s")));
		List<Column> roomsCluster = new ArrayList<>(cluster);
		roomsCluster.addAll(List.of(Column.plain("events/s", "delivered_per_s"),
				Column.plain("server CPU µs/event", "server_cpu_us_per_event"), Column.plain("posts/s", "posts_per_s")));
		SUMMARY.put("W8c many rooms in cluster mode, 5,000 streams on each instance, posts from A", roomsCluster);
		SUMMARY.put("W9 Durable Streams, 100 streams × 100 appends/s from one writer, 10 SSE readers each",
				List.of(Column.higher("items/s", "delivered_per_s"), Column.lower("p50 ms", "p50_ms"),
						Column.lower("p99 ms", "p99_ms"), Column.lower("max ms", "max_ms"),
						Column.plain("missing", "missing"), Column.lower("server CPU µs/item", "server_cpu_us_per_item"),
						Column.plain("appends/s", "appends_per_s"), Column.lower("RSS MiB", "rss_mib")));
	}

	private ResultTable() {
	}

	/**
	 * Return the summary: one table per workload run, one row per server.
	 * @param results the results of one run
	 * @return the Markdown tables, each under a heading
	 */
	static String summary(List<Result> results) {
		StringBuilder text = new StringBuilder(RATIO_NOTE).append('\n');
		for (Map.Entry<String, List<Column>> workload : SUMMARY.entrySet()) {
			String name = workload.getKey().split(" ")[0];
			List<Result> rows = results.stream().filter((result) -> result.workload().equals(name)).toList();
			if (rows.isEmpty()) {
				continue;
			}
			List<Column> columns = workload.getValue();
			text.append("\n### ").append(workload.getKey()).append("\n\n| server | ");
			columns.forEach((column) -> text.append(column.title()).append(" | "));
			text.append("others | \n|---|");
			columns.forEach((column) -> text.append("---|"));
			text.append("---|\n");
			for (Result row : rows) {
				text.append("| ").append(row.server()).append(" | ");
				if (row.metrics().containsKey("error")) {
					text.append("failed: ").append(row.metrics().get("error")).append(" |\n");
					continue;
				}
				Map<String, Object> metrics = derived(row.metrics());
				for (Column column : columns) {
					text.append(cell(column, metrics, rows, row)).append(" | ");
				}
				text.append(format(row.metrics().get("other_cpu_cores"))).append(" |\n");
			}
		}
		return text.toString();
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
				keys.forEach((key) -> text.append(format(row.metrics().getOrDefault(key, ""))).append(" | "));
				text.append('\n');
			}
		}
		return text.toString();
	}

	private static String cell(Column column, Map<String, Object> metrics, List<Result> rows, Result row) {
		Object value = metrics.get(column.key());
		if (value == null) {
			return "–";
		}
		if (column.higherIsBetter() == null || !(value instanceof Number number)) {
			return format(value);
		}
		Double best = null;
		for (Result other : rows) {
			Object theirs = (other == row || other.metrics().containsKey("error")) ? null
					: derived(other.metrics()).get(column.key());
			if (theirs instanceof Number figure) {
				double candidate = figure.doubleValue();
				best = (best == null) ? candidate
						: column.higherIsBetter() ? Math.max(best, candidate) : Math.min(best, candidate);
			}
		}
		Double ratio = ratio(number.doubleValue(), best, column.higherIsBetter());
		return format(value) + ((ratio != null) ? String.format(Locale.ROOT, " (%.2f)", ratio) : "");
	}

	/**
	 * Return how many times worse than the best other figure this one is: this / best
	 * when lower is better, best / this when higher is better; {@code null} when there
	 * is no other figure or the division means nothing.
	 */
	static @Nullable Double ratio(double value, @Nullable Double best, boolean higherIsBetter) {
		if (best == null) {
			return null;
		}
		double numerator = higherIsBetter ? best : value;
		double denominator = higherIsBetter ? value : best;
		if (denominator == 0) {
			return (numerator == 0) ? 1.0 : null;
		}
		return numerator / denominator;
	}

	/**
	 * Add the figures that summary cells combine from several metrics.
	 */
	private static Map<String, Object> derived(Map<String, Object> metrics) {
		Map<String, Object> all = new LinkedHashMap<>(metrics);
		if (metrics.containsKey("sessions_at_end")) {
			all.put("sessions_over_open", metrics.get("sessions_at_end") + " / " + metrics.get("held_open"));
		}
		if (metrics.containsKey("flood_phase_broadcasts")) {
			all.put("w4_broadcasts", metrics.get("flood_phase_broadcasts") + " / " + metrics.get("after_phase_broadcasts"));
		}
		if (metrics.containsKey("stalled_open")) {
			all.put("stalled_ended_of_open", metrics.get("stalled_ended") + " / " + metrics.get("stalled_open"));
		}
		if (metrics.containsKey("a_p50_ms")) {
			all.put("a_latency", format(metrics.get("a_p50_ms")) + " / " + format(metrics.get("a_p99_ms")) + " / "
					+ format(metrics.get("a_max_ms")));
			all.put("b_latency", format(metrics.get("b_p50_ms")) + " / " + format(metrics.get("b_p99_ms")) + " / "
					+ format(metrics.get("b_max_ms")));
			all.put("missing_a_b", metrics.get("a_missing") + " / " + metrics.get("b_missing"));
			all.put("cluster_cpu", format(metrics.get("a_server_cpu_cores")) + " / "
					+ format(metrics.get("b_server_cpu_cores")) + " / " + format(metrics.get("redis_cpu_cores")) + " / "
					+ format(metrics.get("gen_cpu_cores")));
		}
		return all;
	}

	/**
	 * Round decimals for reading: two places below 10, one above.
	 */
	private static String format(@Nullable Object value) {
		if (value instanceof Double number) {
			double scale = (Math.abs(number) < 10) ? 100 : 10;
			return String.valueOf(Math.round(number * scale) / scale);
		}
		return (value != null) ? String.valueOf(value) : "–";
	}

	/**
	 * A summary column: its title, the metric it shows, and whether a higher figure is
	 * better ({@code null}: no ratio).
	 */
	private record Column(String title, String key, @Nullable Boolean higherIsBetter) {

		static Column lower(String title, String key) {
			return new Column(title, key, false);
		}

		static Column higher(String title, String key) {
			return new Column(title, key, true);
		}

		static Column plain(String title, String key) {
			return new Column(title, key, null);
		}

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
