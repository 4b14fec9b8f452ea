package io.github.eventsource.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AutoConfigureEventSourceTestClient#awaitTimeout()}.
 */
@SpringBootTest(classes = EventSourceTestClientIntegrationTests.Endpoints.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureEventSourceTestClient(awaitTimeout = "300ms")
class AutoConfigureEventSourceTestClientAwaitTimeoutIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Test
	void awaitsWithoutATimeoutArgumentForTheAnnotationsAwaitTimeout() {
		assertThat(this.client.getAwaitTimeout()).isEqualTo(Duration.ofMillis(300));
		try (EventSourceTestStream stream = this.client.connect("/echo")) {
			assertThat(stream.awaitEvent(Duration.ofSeconds(10)).data()).isEqualTo("none");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(stream::awaitEvent)
				.withMessageContaining("within PT0.3S");
		}
	}

}
