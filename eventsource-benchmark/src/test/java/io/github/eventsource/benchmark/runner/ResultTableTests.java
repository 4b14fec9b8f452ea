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
	void summaryShowsTheClusterFiguresOfEachInstanceNextToTheSingleInstanceOnes() {
		Map<String, Object> w2 = new LinkedHashMap<>();
		w2.put("p50_ms", 122.0);
		w2.put("p99_ms", 263.9);
		w2.put("max_ms", 299.5);
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
		String summary = ResultTable.summary(
				List.of(new Result("starter", "W2", w2), new Result("starter", "W7", w7), new Result("mvc", "W2", w2)));
		List<String> lines = summary.lines().toList();
		List<String> titles = cells(lines.get(0));
		List<String> starter = cells(lines.get(2));
		List<String> mvc = cells(lines.get(3));
		assertThat(starter.get(titles.indexOf("W2 p50 / p99 / max ms"))).isEqualTo("122.0 / 263.9 / 299.5");
		assertThat(starter.get(titles.indexOf("W7 A p50 / p99 / max ms"))).isEqualTo("60.0 / 120.5 / 130.0");
		assertThat(starter.get(titles.indexOf("W7 B p50 / p99 / max ms"))).isEqualTo("70.0 / 140.5 / 150.0");
		assertThat(starter.get(titles.indexOf("W7 missing A / B"))).isEqualTo("0 / 2");
		assertThat(starter.get(titles.indexOf("W7 CPU cores: A / B / Redis / generator / others")))
			.isEqualTo("0.2 / 0.25 / 0.03 / 0.05 / 0.01");
		assertThat(mvc.get(titles.indexOf("W7 A p50 / p99 / max ms"))).isEqualTo("–");
	}

	private static List<String> cells(String row) {
		return List.of(row.substring(2, row.lastIndexOf(" |")).split(" \\| "));
	}

}
