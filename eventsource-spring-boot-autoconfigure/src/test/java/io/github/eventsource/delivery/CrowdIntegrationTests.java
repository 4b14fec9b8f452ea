package io.github.eventsource.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.presence.EventSourcePresence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crowd that goes away at once: 3,000 members of one presence room whose connections
 * are all cut together (a proxy restart, a train entering a tunnel). Ending a stream
 * announces its leaving to the others, whose writes fail in turn: none of it runs on
 * another stream's stack, so nothing recurses, and every session ends.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrowdIntegrationTests {

	private static final int CROWD = 3000;

	private static final int ARRIVING = 200;

	private static final Duration HEARTBEAT = Duration.ofSeconds(2);

	@Test
	void aRoomWhoseMembersAllVanishAtOnceEndsEverySessionAndTakesNewStreams(CapturedOutput output)
			throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DeliveryEndpoints.class)
			.properties("server.port=0", "eventsource.heartbeat.interval=" + HEARTBEAT.toMillis() + "ms",
					"eventsource.limits.max-connections=" + CROWD,
					// every client of the test comes from one address
					"eventsource.limits.max-connections-per-address=" + CROWD,
					"server.shutdown=graceful")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			SessionRegistry sessions = context.getBean(SessionRegistry.class);
			EventSourcePresence presence = context.getBean(EventSourcePresence.class);
			EventSourceTemplate template = context.getBean(EventSourceTemplate.class);
			List<RawSocket> crowd = join(port, "/lobby/crowd");
			assertThat(presence.ofPath("/lobby/crowd", 0).count()).isEqualTo(CROWD);
			for (RawSocket member : crowd) {
				member.cut();
			}
			template.broadcast("/lobby/crowd", EventSourceEvent.of("message", "anyone here?"));
			await().atMost(HEARTBEAT.multipliedBy(2).plusSeconds(2)).untilAsserted(() -> {
				assertThat(sessions.size()).isZero();
				assertThat(presence.ofPath("/lobby/crowd", 0).count()).isZero();
			});
			List<RawSocket> again = join(port, "/lobby/again");
			assertThat(sessions.size()).isEqualTo(CROWD);
			long closing = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(3));
			for (RawSocket member : again) {
				member.close();
			}
		}
		assertThat(output).doesNotContain("StackOverflowError");
	}

	/**
	 * Open the crowd's streams, a few hundred at a time as a crowd arrives, and wait until
	 * each got its first event.
	 */
	private static List<RawSocket> join(int port, String path) throws IOException {
		List<RawSocket> crowd = new ArrayList<>(CROWD);
		while (crowd.size() < CROWD) {
			List<RawSocket> arriving = new ArrayList<>(ARRIVING);
			for (int i = 0; i < ARRIVING; i++) {
				arriving.add(RawSocket.open(port, path));
			}
			for (RawSocket member : arriving) {
				member.readUntil("event: hello");
			}
			crowd.addAll(arriving);
		}
		return crowd;
	}

}
