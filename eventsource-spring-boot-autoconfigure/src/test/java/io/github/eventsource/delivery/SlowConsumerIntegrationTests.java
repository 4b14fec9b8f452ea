package io.github.eventsource.delivery;

import java.time.Duration;
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
 * A client that stops reading fills its socket buffers and then its outbound buffer: the
 * overflow policy disconnects it, and the other clients get every event meanwhile.
 */
@SpringBootTest(classes = { DeliveryEndpoints.class, SlowConsumerIntegrationTests.Overflows.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eventsource.session.buffer-size=16")
class SlowConsumerIntegrationTests {

	private static final int EVENTS = 300;

	private static final String PAYLOAD = "x".repeat(64 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	Overflows overflows;

	@Test
	void disconnectsClientThatStopsReadingWithoutDelayingTheOthers() throws Exception {
		try (RawSocket stalled = RawSocket.open(this.port, "/feed/slow", 4096);
				RawStream fast = RawStream.open(this.port, "/feed/slow")) {
			stalled.readUntil("event: hello");
			fast.awaitBodyContaining("event: hello");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 2);
			for (int i = 1; i <= EVENTS; i++) {
				this.template.broadcast("/feed/slow", EventSourceEvent.of("big", i + " " + PAYLOAD));
				if (i % 8 == 0) {
					String received = "data: " + i + " ";
					await().atMost(Duration.ofSeconds(5)).until(() -> fast.body().contains(received));
				}
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> fast.body().contains("data: " + EVENTS + " "));
			assertThat(this.overflows.policies).contains(OverflowPolicy.DISCONNECT);
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
