package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop reading cost the others nothing: with default settings, 64 of them
 * sent far more than their sockets take do not delay a reading stream of another path,
 * and the overflow policy ends them; one that stops reading does not delay a reader of
 * its own path either.
 */
@SpringBootTest(classes = { DeliveryEndpoints.class, StalledReadersIntegrationTests.Overflows.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class StalledReadersIntegrationTests {

	private static final int STALLED = 64;

	private static final String PAYLOAD = "x".repeat(256 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	Overflows overflows;

	@Test
	void stalledReadersNeitherDelayOthersNorStayOpen() throws Exception {
		List<RawSocket> stalled = new ArrayList<>();
		int before = this.sessions.size();
		try (RawStream other = RawStream.open(this.port, "/feed/other")) {
			for (int i = 0; i < STALLED; i++) {
				RawSocket socket = RawSocket.open(this.port, "/feed/stalled", 4096);
				socket.readUntil("event: hello");
				stalled.add(socket);
			}
			other.awaitBodyContaining("event: hello");
			for (int i = 0; i < 60; i++) {
				this.template.broadcast("/feed/stalled", EventSourceEvent.of("big", PAYLOAD));
			}
			long sent = System.nanoTime();
			this.template.broadcast("/feed/other", EventSourceEvent.of("after", "the flood"));
			await().atMost(Duration.ofSeconds(1)).until(() -> other.body().contains("data: the flood"));
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.size() <= before + 1 + STALLED - 60);
		}
		finally {
			for (RawSocket socket : stalled) {
				socket.close();
			}
		}
	}

	@Test
	void disconnectsAReaderThatStopsWithoutDelayingAReaderOfItsPath() throws Exception {
		try (RawSocket stalled = RawSocket.open(this.port, "/feed/slow", 4096);
				RawStream fast = RawStream.open(this.port, "/feed/slow")) {
			stalled.readUntil("event: hello");
			fast.awaitBodyContaining("event: hello");
			this.overflows.policies.clear();
			for (int i = 1; i <= 24; i++) {
				this.template.broadcast("/feed/slow", EventSourceEvent.of("big", i + " " + PAYLOAD));
				String received = "data: " + i + " ";
				await().atMost(Duration.ofSeconds(5)).until(() -> fast.body().contains(received));
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.overflows.policies).containsExactly(OverflowPolicy.DISCONNECT));
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Overflows implements EventSourceObserver {

		final List<OverflowPolicy> policies = new CopyOnWriteArrayList<>();

		@Override
		public void overflowed(String endpoint, OverflowPolicy policy) {
			this.policies.add(policy);
		}

	}

}
