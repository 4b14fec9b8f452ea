package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop reading cost the others nothing: with default settings, 64 of them
 * sent far more than their sockets take do not delay a reading stream of another path,
 * and the overflow policy ends them.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class StalledReadersIntegrationTests {

	private static final int STALLED = 64;

	private static final String PAYLOAD = "x".repeat(256 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Test
	void stalledReadersNeitherDelayOthersNorStayOpen() throws Exception {
		List<RawSocket> stalled = new ArrayList<>();
		try (RawStream other = RawStream.open(this.port, "/feed/other")) {
			for (int i = 0; i < STALLED; i++) {
				RawSocket socket = RawSocket.open(this.port, "/feed/stalled", 4096);
				socket.readUntil("event: hello");
				stalled.add(socket);
			}
			other.awaitBodyContaining("event: hello");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == STALLED + 1);
			for (int i = 0; i < 60; i++) {
				this.template.broadcast("/feed/stalled", EventSourceEvent.of("big", PAYLOAD));
			}
			long sent = System.nanoTime();
			this.template.broadcast("/feed/other", EventSourceEvent.of("after", "the flood"));
			await().atMost(Duration.ofSeconds(1)).until(() -> other.body().contains("data: the flood"));
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.size() <= 1 + STALLED - 60);
		}
		finally {
			for (RawSocket socket : stalled) {
				socket.close();
			}
		}
	}

}
