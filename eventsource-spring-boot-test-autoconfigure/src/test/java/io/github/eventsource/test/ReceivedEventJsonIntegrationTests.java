package io.github.eventsource.test;

import java.util.List;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReceivedEvent#dataAs(Class)} with the application's {@code JsonMapper},
 * configured here to write snake case, against a real Tomcat.
 */
@SpringBootTest(classes = ReceivedEventJsonIntegrationTests.Endpoints.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
@AutoConfigureEventSourceTestClient
class ReceivedEventJsonIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@Test
	void readsDataWithTheApplicationsJsonMapper() {
		try (EventSourceTestStream stream = this.client.connect("/members")) {
			ReceivedEvent event = stream.awaitEvent();
			assertThat(event.data()).isEqualTo("{\"user_name\":\"doge\",\"wow_count\":3}");
			assertThat(event.dataAs(Member.class)).isEqualTo(new Member("doge", 3));
			assertThat(stream.awaitEvent().dataAs(new ParameterizedTypeReference<List<Member>>() {
			})).containsExactly(new Member("shibe", 1), new Member("cheems", 2));
		}
	}

	record Member(String userName, int wowCount) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Members.class)
	static class Endpoints {

	}

	@EventSourceEndpoint("/members")
	static class Members {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("member", new Member("doge", 3));
			session.send("members", List.of(new Member("shibe", 1), new Member("cheems", 2)));
		}

	}

}
