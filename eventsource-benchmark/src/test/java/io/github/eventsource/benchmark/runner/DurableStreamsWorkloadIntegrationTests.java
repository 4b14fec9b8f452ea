package io.github.eventsource.benchmark.runner;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.eventsource.benchmark.server.BenchmarkServer;
import io.github.eventsource.benchmark.server.starter.StarterServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W9 for a few seconds against the starter's benchmark server with the sample's
 * {@code durable-streams} profile, as the benchmark starts it (a random port): every
 * reader of every stream receives every item of the window, in order, and the report
 * has its figures. Behaviour, not speed.
 */
class DurableStreamsWorkloadIntegrationTests {

	private static final int STREAMS = 5;

	private static final int READERS = 2;

	@Test
	void everyReaderOfEveryStreamReceivesEveryItem() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.shutdown=immediate"));
		args.addAll(DurableStreamsWorkload.SAMPLE_PROFILE);
		args.add(DurableStreamsWorkload.UNCAPPED_KEEP_ALIVE);
		try (ConfigurableApplicationContext server = BenchmarkServer.run(StarterServer.class,
				WebApplicationType.SERVLET, args.toArray(String[]::new))) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			Map<String, Object> metrics = new DurableStreamsWorkload(STREAMS, READERS, 20, Duration.ofSeconds(2))
				.measure(new InetSocketAddress("127.0.0.1", port), ProcStat.self());
			assertThat(metrics).containsEntry("streams", STREAMS)
				.containsEntry("readers", STREAMS * READERS)
				.containsEntry("missing", 0L)
				.containsEntry("gaps", 0L)
				.containsEntry("appends_refused", 0L)
				.containsEntry("drained", true);
			assertThat((long) metrics.get("delivered")).isGreaterThanOrEqualTo(STREAMS * READERS * 20L);
			assertThat((double) metrics.get("p99_ms")).isPositive();
		}
	}

}
