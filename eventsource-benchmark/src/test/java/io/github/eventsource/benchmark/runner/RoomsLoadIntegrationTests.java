package io.github.eventsource.benchmark.runner;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import io.github.eventsource.benchmark.generator.LoadGenerator;
import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.generator.WindowReport;
import io.github.eventsource.benchmark.server.BenchmarkServer;
import io.github.eventsource.benchmark.server.eventbus.EventBusServer;
import io.github.eventsource.benchmark.server.mvc.MvcServer;
import io.github.eventsource.benchmark.server.starter.StarterServer;
import io.github.eventsource.benchmark.server.webflux.WebfluxServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * W8's wiring, on each server as the benchmark starts it (a random port): streams spread
 * over rooms, posts spread over the rooms from several sender threads, started and
 * stopped through the control endpoints. Every stream receives every post to its room,
 * without a gap, and none to another room. Behaviour, not speed: a few seconds each.
 */
class RoomsLoadIntegrationTests {

	private static final int ROOMS = 8;

	private static final int STREAMS = 40;

	private static final int PASSES = 5;

	private static final Load.Rooms LOAD = new Load.Rooms(ROOMS, 400, 4);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	static Stream<Arguments> servers() {
		return Stream.of(arguments(StarterServer.class, WebApplicationType.SERVLET),
				arguments(MvcServer.class, WebApplicationType.SERVLET),
				arguments(WebfluxServer.class, WebApplicationType.REACTIVE),
				arguments(EventBusServer.class, WebApplicationType.SERVLET));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("servers")
	void everyStreamReceivesEveryPostToItsRoomAndNoOther(Class<?> application, WebApplicationType type) {
		try (ConfigurableApplicationContext server = BenchmarkServer.run(application, type, "--server.port=0",
				"--server.shutdown=immediate")) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
			ServerControl control = new ServerControl(port);
			try (LoadGenerator generator = new LoadGenerator(address, "/sse", Clock.systemUTC())) {
				StreamGroup streams = generator.open(address, LOAD::path, STREAMS, 1000, StreamMode.READ);
				await().atMost(TIMEOUT).until(streams::settled);
				assertThat(streams.opened()).isEqualTo(STREAMS);
				await().atMost(TIMEOUT).until(() -> control.stats().subscribers() == STREAMS);
				long fromId = LOAD.nextId(control);
				generator.startWindow(fromId);
				LOAD.start(control);
				await().atMost(TIMEOUT).until(() -> control.rooms().posts() >= PASSES * ROOMS);
				long toId = LOAD.stop(control);
				assertThat(control.rooms().posts()).isEqualTo((toId - fromId + 1) * ROOMS);
				await().atMost(TIMEOUT).until(() -> generator.lowestLastId() >= toId);
				WindowReport report = generator.report(toId);
				assertThat(toId - fromId + 1).isGreaterThanOrEqualTo(PASSES);
				assertThat(report.streams()).isEqualTo(STREAMS);
				assertThat(report.missing()).isZero();
				assertThat(report.gaps()).isZero();
				assertThat(report.delivered()).isEqualTo(STREAMS * (toId - fromId + 1));
			}
		}
	}

}
