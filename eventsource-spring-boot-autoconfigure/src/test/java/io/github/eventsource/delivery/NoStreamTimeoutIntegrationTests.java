package io.github.eventsource.delivery;

import java.time.Duration;

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
 * Streams never time out unless {@code eventsource.timeout} is set: Spring MVC's async
 * request timeout does not apply to them.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.async.request-timeout=100ms", "eventsource.heartbeat.interval=100ms" })
@AutoConfigureEventSourceTestClient
class NoStreamTimeoutIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Test
	void outlivesSpringMvcAsyncRequestTimeout() {
		try (EventSourceTestStream stream = this.client.connect("/feed/long")) {
			stream.awaitEvent();
			await().atMost(Duration.ofSeconds(10)).until(() -> stream.comments().size() >= 8);
			assertThat(stream.isOpen()).isTrue();
		}
	}

}
