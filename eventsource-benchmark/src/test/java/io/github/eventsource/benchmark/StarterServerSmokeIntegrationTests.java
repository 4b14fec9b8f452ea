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
 * The load generator against the starter's benchmark server for a few seconds: every
 * event reaches every stream. Behaviour, not speed.
 */
@SpringBootTest(classes = StarterServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
class StarterServerSmokeIntegrationTests {

	private static final int STREAMS = 100;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private BroadcastTicker ticker;

	@Autowired
	private Broadcaster broadcaster;

	@Test
	void everyBroadcastReachesEveryStream() throws Exception {
		try (LoadGenerator generator = new LoadGenerator(new InetSocketAddress("127.0.0.1", this.port), "/sse",
				Clock.systemUTC())) {
			StreamGroup streams = generator.open(STREAMS, 1000, StreamMode.READ);
			await().atMost(TIMEOUT).until(streams::settled);
			assertThat(streams.opened()).isEqualTo(STREAMS);
			assertThat(generator.connectReport(streams).streams()).isEqualTo(STREAMS);
			await().atMost(TIMEOUT).until(() -> this.broadcaster.subscribers() == STREAMS);
			long fromId = this.ticker.sent() + 1;
			generator.startWindow(fromId);
			this.ticker.tick(10);
			await().atMost(TIMEOUT).until(() -> this.ticker.sent() >= fromId + 200);
			this.ticker.tick(0);
			long toId = this.ticker.sent();
			await().atMost(TIMEOUT).until(() -> generator.lowestLastId() >= toId);
			WindowReport report = generator.report(toId);
			assertThat(report.streams()).isEqualTo(STREAMS);
			assertThat(report.missing()).isZero();
			assertThat(report.gaps()).isZero();
			assertThat(report.delivered()).isEqualTo(STREAMS * (toId - fromId + 1));
		}
	}

}
