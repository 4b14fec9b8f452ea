package io.github.eventsource.benchmark;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import io.github.eventsource.benchmark.generator.LoadGenerator;
import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.generator.WindowReport;
import io.github.eventsource.benchmark.server.BroadcastTicker;
import io.github.eventsource.benchmark.server.Broadcaster;
import io.github.eventsource.benchmark.server.starter.StarterServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load generator's report on one group of streams, as W7 uses it for the streams
 * of each instance: it counts the group's streams and events only.
 * <p>
 * A server of its own (a property no other test sets), so that the streams other tests
 * left open do not count among its subscribers.
 */
@SpringBootTest(classes = StarterServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "benchmark.test=stream-group-report" })
class StreamGroupReportIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private BroadcastTicker ticker;

	@Autowired
	private Broadcaster broadcaster;

	@Test
	void aGroupsReportCountsOnlyItsOwnStreamsAndEvents() throws Exception {
		InetSocketAddress server = new InetSocketAddress("127.0.0.1", this.port);
		try (LoadGenerator generator = new LoadGenerator(server, "/sse", Clock.systemUTC())) {
			StreamGroup first = generator.open(server, 20, 1000, StreamMode.READ);
			StreamGroup second = generator.open(server, 30, 1000, StreamMode.READ);
			await().atMost(TIMEOUT).until(() -> first.opened() == 20 && second.opened() == 30);
			await().atMost(TIMEOUT).until(() -> this.broadcaster.subscribers() == 50);
			long fromId = this.ticker.sent() + 1;
			generator.startWindow(fromId);
			this.ticker.broadcast(5);
			long toId = this.ticker.sent();
			await().atMost(TIMEOUT).until(() -> generator.lowestLastId() >= toId);
			WindowReport firstReport = generator.report(toId, first);
			WindowReport secondReport = generator.report(toId, second);
			assertThat(firstReport.streams()).isEqualTo(20);
			assertThat(firstReport.delivered()).isEqualTo(20 * 5);
			assertThat(firstReport.missing()).isZero();
			assertThat(secondReport.streams()).isEqualTo(30);
			assertThat(secondReport.delivered()).isEqualTo(30 * 5);
			assertThat(secondReport.missing()).isZero();
			assertThat(generator.report(toId).delivered()).isEqualTo(50 * 5);
		}
	}

}
