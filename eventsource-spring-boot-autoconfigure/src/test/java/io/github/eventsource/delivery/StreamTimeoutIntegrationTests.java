package io.github.eventsource.delivery;

import java.time.Duration;

import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code eventsource.timeout} ends a stream, and {@code @OnClose} runs once.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "eventsource.timeout=300ms")
@AutoConfigureEventSourceTestClient
class StreamTimeoutIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Autowired
	SessionRegistry sessions;

	@Test
	void endsStreamAndCallsOnCloseOnce() {
		DeliveryEndpoints.closed.clear();
		try (EventSourceTestStream stream = this.client.connect("/feed/short")) {
			String sessionId = stream.awaitEvent().data().split(" ")[0];
			stream.awaitClosed();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
			assertThat(DeliveryEndpoints.closed).containsExactly(sessionId);
		}
	}

}
