package io.github.eventsource.delivery;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

import io.github.eventsource.core.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context ends every open stream promptly, with a farewell and
 * a random reconnection time, and runs {@code @OnClose} for each.
 */
class ShutdownIntegrationTests {

	private static final int STREAMS = 2000;

	@ParameterizedTest
	@ValueSource(strings = { "immediate", "graceful" })
	void closesTwoThousandStreamsWithoutWaitingForClients(String shutdown) throws Exception {
		DeliveryEndpoints.closed.clear();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DeliveryEndpoints.class)
			.properties("server.port=0", "server.shutdown=" + shutdown, "eventsource.shutdown.farewell-event=bye",
					"eventsource.shutdown.reconnect-spread=3s", "spring.main.banner-mode=off")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		List<RawSocket> sockets = new ArrayList<>();
		try (RawStream watched = RawStream.open(port, "/feed/watched")) {
			for (int i = 1; i < STREAMS; i++) {
				sockets.add(RawSocket.open(port, "/feed/many"));
			}
			SessionRegistry sessions = context.getBean(SessionRegistry.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> sessions.size() == STREAMS);
			long start = System.nanoTime();
			context.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			// no wait for clients or for the graceful shutdown's 30 s: the streams end at once
			assertThat(took).isLessThan(Duration.ofSeconds(15));
			assertThat(DeliveryEndpoints.closed).hasSize(STREAMS).doesNotHaveDuplicates();
			assertThat(sessions.size()).isZero();
			assertThat(watched.awaitEnd()).containsPattern("event: bye\nretry: \\d+\ndata:\n\n$");
		}
		finally {
			for (RawSocket socket : sockets) {
				socket.close();
			}
		}
	}

}
