package io.github.eventsource.sample;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resumable answers through the test client: 40 {@code token} events with ids and
 * JSON data, then {@code done}, then the end; a reconnect continues the same generation;
 * the state endpoint says how far it got.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureEventSourceTestClient
class AnswersIntegrationTests {

	private static final int TOKENS = 40;

	private final String id = UUID.randomUUID().toString();

	@Autowired
	EventSourceTestClient client;

	@LocalServerPort
	int port;

	@Test
	void streamsTheAnswerThenDoneThenEnds() {
		try (EventSourceTestStream stream = this.client.connect("/answers/" + this.id)) {
			List<ReceivedEvent> events = stream.awaitCompletion();
			assertThat(events).hasSize(TOKENS + 1);
			List<Answers.Token> tokens = events.subList(0, TOKENS)
				.stream()
				.map((event) -> event.dataAs(Answers.Token.class))
				.toList();
			assertThat(tokens).extracting(Answers.Token::index)
				.containsExactlyElementsOf(IntStream.range(0, TOKENS).boxed().toList());
			assertThat(tokens).extracting(Answers.Token::generation).containsOnly(tokens.get(0).generation());
			String text = tokens.stream().map(Answers.Token::text).collect(Collectors.joining());
			assertThat(text).as("the answer's text, once, to its last sentence")
				.startsWith("Wow. Such answer")
				.endsWith("Much wow, such done. ")
				.containsOnlyOnce("Wow.");
			assertThat(events.subList(0, TOKENS)).allSatisfy((event) -> {
				assertThat(event.name()).isEqualTo("token");
				assertThat(event.id()).isNotBlank();
			});
			assertThat(events.get(TOKENS).name()).isEqualTo("done");
			assertThat(state()).isEqualTo(new Answers.State(tokens.get(0).generation(), TOKENS, "completed"));
		}
	}

	@Test
	void reconnectContinuesTheSameGeneration() {
		EventSourceTestStream first = this.client.connect("/answers/" + this.id);
		List<ReceivedEvent> read = first.awaitEvents(5);
		int generation = read.get(0).dataAs(Answers.Token.class).generation();
		try (EventSourceTestStream resumed = first.reconnect()) {
			// the first stream may have taken more than 5 before it closed: it resumes after its last
			int taken = first.events().size();
			List<ReceivedEvent> rest = resumed.awaitCompletion();
			Answers.Token next = rest.get(0).dataAs(Answers.Token.class);
			assertThat(next.index()).isEqualTo(taken);
			assertThat(next.generation()).isEqualTo(generation);
			assertThat(rest).hasSize(TOKENS - taken + 1);
		}
		assertThat(state().generation()).isEqualTo(generation);
	}

	@Test
	void stateOfAnUnknownAnswerIsNotFound() {
		int status = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/answers/{id}/state", "nobody-asked")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(404);
	}

	private Answers.State state() {
		return RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/answers/{id}/state", this.id)
			.retrieve()
			.body(Answers.State.class);
	}

}
