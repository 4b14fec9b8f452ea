package io.github.eventsource.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics of real streams on a real server, read from a {@link SimpleMeterRegistry}.
 */
@SpringBootTest(classes = MetricsIntegrationTests.MeteredApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=100ms", "eventsource.retry=2s" })
@AutoConfigureEventSourceTestClient
class MetricsIntegrationTests {

	private static final String METERED = "/metered/{name}";

	private static final String REPLAYED = "/replayed/{name}";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Autowired
	EventSourceTestClient client;

	@Autowired
	MeterRegistry registry;

	@Autowired
	EventSourceTemplate template;

	@Test
	void recordsOpenStreamsEventsSentLatencyAndDuration() {
		double opened = counter("eventsource.streams.opened", METERED);
		double sent = counter("eventsource.events.sent", METERED);
		long durations = timer("eventsource.streams.duration", METERED);
		try (EventSourceTestStream stream = this.client.connect("/metered/a")) {
			assertThat(stream.awaitEvents(3, TIMEOUT)).hasSize(3);
			assertThat(openStreams()).isOne();
			assertThat(counter("eventsource.streams.opened", METERED) - opened).isOne();
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counter("eventsource.events.sent", METERED) - sent)
				.isEqualTo(3));
			assertThat(timer("eventsource.events.latency", METERED)).isPositive();
			assertThat(this.registry.get("eventsource.events.latency").timer().max(TimeUnit.SECONDS)).isLessThan(5);
		}
		await().atMost(TIMEOUT).until(() -> openStreams() == 0);
		assertThat(timer("eventsource.streams.duration", METERED) - durations).isOne();
	}

	@Test
	void countsStreamsRefusedByTheCheckUnderThePathPattern() {
		double refused = counter("eventsource.streams.refused", METERED, "reason", "check");
		try (EventSourceTestStream stream = this.client.connect("/metered/denied")) {
			stream.awaitClosed();
			assertThat(stream.status()).isEqualTo(403);
		}
		assertThat(counter("eventsource.streams.refused", METERED, "reason", "check") - refused).isOne();
		assertThat(this.registry.find("eventsource.streams.refused").tag("endpoint", "/metered/denied").meters())
			.isEmpty();
	}

	@Test
	void countsReplayedEventsAndResets() {
		String first;
		try (EventSourceTestStream stream = this.client.connect("/replayed/x")) {
			stream.awaitOpen();
			for (int i = 0; i < 3; i++) {
				this.template.broadcast("/replayed/x", EventSourceEvent.of("tick", i));
			}
			first = stream.awaitEvents(3, TIMEOUT).get(0).id();
		}
		double replayed = counter("eventsource.events.replayed", REPLAYED);
		double resets = counter("eventsource.replay.resets", REPLAYED);
		try (EventSourceTestStream stream = this.client.connect("/replayed/x",
				(headers) -> headers.set("Last-Event-ID", first))) {
			assertThat(stream.awaitEvents(2, TIMEOUT)).hasSize(2);
		}
		try (EventSourceTestStream stream = this.client.connect("/replayed/x",
				(headers) -> headers.set("Last-Event-ID", "unknown"))) {
			assertThat(stream.awaitEvent(TIMEOUT).name()).isEqualTo("reset");
		}
		assertThat(counter("eventsource.events.replayed", REPLAYED) - replayed).isEqualTo(2);
		assertThat(counter("eventsource.replay.resets", REPLAYED) - resets).isOne();
	}

	@Test
	void countsHeartbeatsOfIdleStreamsButNotAsEventsSent() {
		try (EventSourceTestStream stream = this.client.connect("/replayed/idle")) {
			stream.awaitOpen();
			double heartbeats = counter("eventsource.heartbeats", REPLAYED);
			double sent = counter("eventsource.events.sent", REPLAYED);
			await().atMost(TIMEOUT).until(() -> counter("eventsource.heartbeats", REPLAYED) - heartbeats >= 2);
			assertThat(counter("eventsource.events.sent", REPLAYED)).isEqualTo(sent);
		}
	}

	@Test
	void gaugesTotalThePresenceWithoutATagPerPathOrGroup() {
		try (EventSourceTestStream one = this.client.connect("/replayed/p1");
				EventSourceTestStream two = this.client.connect("/replayed/p2")) {
			one.awaitOpen();
			two.awaitOpen();
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(this.registry.get("eventsource.presence.targets").gauge().value()).isGreaterThanOrEqualTo(2);
				assertThat(this.registry.get("eventsource.presence.memberships").gauge().value()).isGreaterThanOrEqualTo(2);
			});
			assertThat(this.registry.get("eventsource.presence.targets").meters()).singleElement()
				.satisfies((meter) -> assertThat(meter.getId().getTags()).isEmpty());
			assertThat(this.registry.get("eventsource.presence.memberships").meters()).singleElement()
				.satisfies((meter) -> assertThat(meter.getId().getTags()).isEmpty());
		}
	}

	private double openStreams() {
		return this.registry.get("eventsource.streams.open").tag("endpoint", METERED).gauge().value();
	}

	private double counter(String name, String endpoint, String... tags) {
		return this.registry.get(name).tag("endpoint", endpoint).tags(tags).counter().count();
	}

	private long timer(String name, String endpoint) {
		return this.registry.get(name).tag("endpoint", endpoint).timer().count();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Metered.class, Replayed.class })
	static class MeteredApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@EventSourceEndpoint(METERED)
	static class Metered {

		@CheckConnection
		boolean check(@PathVariable String name) {
			return !name.equals("denied");
		}

		@OnOpen
		void open(EventSourceSession session) {
			session.send("one");
			session.send("two");
			session.send("three");
		}

	}

	@EventSourceEndpoint(path = REPLAYED, replay = true)
	static class Replayed {

	}

}
