package io.github.eventsource.delivery;

import java.time.Duration;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading holds a writer thread at most until the server's write
 * timeout: with a single writer thread, another stream still gets its events, and the
 * stalled stream ends.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.session.writer-threads=1", "eventsource.session.buffer-size=100000",
				"eventsource.heartbeat.interval=0", "server.tomcat.connection-timeout=1s",
				"server.jetty.connection-idle-timeout=1s" })
class StalledWriterIntegrationTests {

	private static final String PAYLOAD = "x".repeat(16 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Test
	void stalledClientHoldsTheOnlyWriterAtMostUntilTheWriteTimeout() throws Exception {
		try (RawSocket stalled = RawSocket.open(this.port, "/feed/stalled", 4096);
				RawStream other = RawStream.open(this.port, "/feed/other")) {
			stalled.readUntil("event: hello");
			other.awaitBodyContaining("event: hello");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 2);
			for (int i = 0; i < 2000; i++) {
				this.template.broadcast("/feed/stalled", EventSourceEvent.of("big", PAYLOAD));
			}
			this.template.broadcast("/feed/other", EventSourceEvent.of("after", "the stall"));
			other.awaitBodyContaining("data: the stall");
			await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.size() == 1);
		}
	}

}
