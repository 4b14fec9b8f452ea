package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.Collection;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.LocalEventDelivery;
import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's own collaborators cannot wedge a stream, skip the other recipients of a
 * fan-out or leak a session: an observer that throws on every call, a delivery whose
 * replay fails.
 */
@SpringBootTest(classes = CollaboratorFailureIntegrationTests.Config.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "eventsource.replay.enabled=true", "eventsource.heartbeat.interval=200ms" })
class CollaboratorFailureIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Test
	void aThrowingObserverNeitherWedgesStreamsNorSkipsRecipients() throws Exception {
		try (RawStream one = RawStream.open(this.port, "/feed/observed");
				RawStream two = RawStream.open(this.port, "/feed/observed")) {
			one.awaitBodyContaining("event: hello");
			two.awaitBodyContaining("event: hello");
			for (int i = 0; i < 3; i++) {
				assertThat(this.template.broadcast("/feed/observed", EventSourceEvent.of("n" + i)).localStreams())
					.isEqualTo(2);
			}
			one.awaitBodyContaining("data: n2");
			two.awaitBodyContaining("data: n2");
		}
	}

	@Test
	void aFailingReplayAnswersWithAnErrorAndLeaksNoSession() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
		try (RawStream stream = RawStream.open(this.port, "/feed/failing", "Last-Event-ID", "42")) {
			assertThat(stream.status()).isEqualTo(500);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
		try (RawStream stream = RawStream.open(this.port, "/feed/failing")) {
			stream.awaitBodyContaining("event: hello");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Import(DeliveryEndpoints.class)
	static class Config {

		@Bean
		EventSourceObserver throwingObserver() {
			return new EventSourceObserver() {

				@Override
				public void opened(String endpoint) {
					throw new IllegalStateException("observer failed");
				}

				@Override
				public void written(String endpoint, int events, long waitedNanos) {
					throw new IllegalStateException("observer failed");
				}

			};
		}

		// an internal type, not meant to be replaced by applications: primary, only here
		@Bean
		@Primary
		EventDelivery failingReplayDelivery(ChannelRegistry channels, SessionRegistry sessions,
				EventEncoder encoder) {
			return new LocalEventDelivery(channels, sessions, encoder) {

				@Override
				public Replay replay(Collection<Target> targets, String lastEventId) {
					throw new IllegalStateException("history unavailable");
				}

			};
		}

	}

}
