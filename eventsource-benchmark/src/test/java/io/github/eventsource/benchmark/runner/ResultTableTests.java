package io.github.eventsource.benchmark.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventsource.benchmark.runner.ResultTable.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResultTable}.
 */
class ResultTableTests {

	@Test
	void summaryShowsEachFigureNextToItsRatioToTheBestOtherServerAndTheMachinesLoad() {
		List<Result> results = List.of(w3("starter", 100_000L, 10.0, 0.05), w3("mvc", 50_000L, 20.0, 0.1),
				w3("webflux", 80_000L, 5.0, 0.2));
		List<String> lines = table(ResultTable.summary(results), "### W3");
		List<String> titles = cells(lines.get(0));
		List<String> starter = cells(lines.get(2));
		List<String> mvc = cells(lines.get(3));
		assertThat(starter.get(titles.indexOf("events/s"))).isEqualTo("100000 (0.80)");
		assertThat(mvc.get(titles.indexOf("events/s"))).isEqualTo("50000 (2.00)");
		assertThat(starter.get(titles.indexOf("p99 ms"))).isEqualTo("10.0 (2.00)");
		assertThat(starter.get(titles.indexOf("missing"))).isEqualTo("0");
		assertThat(starter.get(titles.indexOf("others"))).isEqualTo("0.05");
		assertThat(mvc.get(titles.indexOf("others"))).isEqualTo("0.1");
	}

	@Test
	void summaryHasATableForEachWorkloadRunOnly() {
		String summary = ResultTable.summary(List.of(w3("starter", 1L, 1.0, 0.0)));
		assertThat(summary).contains("### W3").doesNotContain("### W2").doesNotContain("### W7");
	}

	@Test
	void summaryShowsTheClusterFiguresOfEachInstance() {
		Map<String, Object> w7 = new LinkedHashMap<>();
		w7.put("a_p50_ms", 60.0);
		w7.put("a_p99_ms", 120.5);
		w7.put("a_max_ms", 130.0);
		w7.put("a_missing", 0);
		w7.put("b_p50_ms", 70.0);
		w7.put("b_p99_ms", 140.5);
		w7.put("b_max_ms", 150.0);
		w7.put("b_missing", 2);
		w7.put("a_server_cpu_cores", 0.2);
		w7.put("b_server_cpu_cores", 0.25);
		w7.put("redis_cpu_cores", 0.03);
		w7.put("gen_cpu_cores", 0.05);
		w7.put("other_cpu_cores", 0.01);
		List<String> lines = table(ResultTable.summary(List.of(new Result("starter", "W7", w7))), "### W7");
		List<String> titles = cells(lines.get(0));
		List<String> starter = cells(lines.get(2));
		assertThat(starter.get(titles.indexOf("A p50 / p99 / max ms"))).isEqualTo("60.0 / 120.5 / 130.0");
		assertThat(starter.get(titles.indexOf("B p50 / p99 / max ms"))).isEqualTo("70.0 / 140.5 / 150.0");
		assertThat(starter.get(titles.indexOf("missing A / B"))).isEqualTo("0 / 2");
		assertThat(starter.get(titles.indexOf("CPU cores A / B / Redis / generator"))).isEqualTo("0.2 / 0.25 / 0.03 / 0.05");
		assertThat(starter.get(titles.indexOf("others"))).isEqualTo("0.01");
	}

	@Test
	void summaryShowsTheManyRoomsFiguresWithTheirRatiosAndThePostsSent() {
		Map<String, Object> starter = new LinkedHashMap<>();
		starter.put("delivered_per_s", 20_000L);
		starter.put("p99_ms", 30.0);
		starter.put("missing", 0L);
		starter.put("posts_per_s", 1990L);
		Map<String, Object> webflux = new LinkedHashMap<>(starter);
		webflux.put("delivered_per_s", 10_000L);
		webflux.put("p99_ms", 60.0);
		List<String> lines = table(ResultTable.summary(
				List.of(new Result("starter", "W8", starter), new Result("webflux", "W8", webflux))), "### W8 ");
		List<String> titles = cells(lines.get(0));
		List<String> starterRow = cells(lines.get(2));
		assertThat(starterRow.get(titles.indexOf("events/s"))).isEqualTo("20000 (0.50)");
		assertThat(starterRow.get(titles.indexOf("p99 ms"))).isEqualTo("30.0 (0.50)");
		assertThat(starterRow.get(titles.indexOf("posts/s"))).isEqualTo("1990");
		assertThat(cells(lines.get(3)).get(titles.indexOf("events/s"))).isEqualTo("10000 (2.00)");
	}

	@Test
	void ratioIsHowManyTimesWorseThanTheBestOther() {
		assertThat(ResultTable.ratio(30, 10.0, false)).isEqualTo(3.0);
		assertThat(ResultTable.ratio(10, 30.0, true)).isEqualTo(3.0);
		assertThat(ResultTable.ratio(0, 0.0, false)).isEqualTo(1.0);
		assertThat(ResultTable.ratio(5, 0.0, false)).isNull();
		assertThat(ResultTable.ratio(5, null, false)).isNull();
	}

	private static Result w3(String server, long perSecond, double p99, double others) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("delivered_per_s", perSecond);
		metrics.put("p50_ms", p99 / 2);
		metrics.put("p99_ms", p99);
		metrics.put("missing", 0);
		metrics.put("other_cpu_cores", others);
		return new Result(server, "W3", metrics);
	}

	private static List<String> table(String summary, String heading) {
		List<String> lines = summary.lines().toList();
		int start = lines.indexOf(lines.stream().filter((line) -> line.startsWith(heading)).findFirst().orElseThrow()) + 2;
		return lines.subList(start, lines.size()).stream().takeWhile((line) -> line.startsWith("|")).toList();
	}

	private static List<String> cells(String row) {
		return List.of(row.substring(2, row.lastIndexOf(" |")).split(" \\| "));
	}

}
