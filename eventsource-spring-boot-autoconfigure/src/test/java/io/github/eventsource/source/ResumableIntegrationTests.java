package io.github.eventsource.source;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A resumable endpoint's source belongs to its concrete path: a reconnect continues the
 * same generation, concurrent streams share it, a late stream gets all of it and its end,
 * a generation nobody listens to is cancelled after the grace period, and a HEAD starts
 * none.
 */
@SpringBootTest(classes = SourceEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=1s", "eventsource.resumable.grace=500ms" })
@AutoConfigureEventSourceTestClient
class ResumableIntegrationTests {

	@Autowired
	EventSourceTestClient client;

	@LocalServerPort
	int port;

	@Test
	void reconnectWithTheLastEventIdContinuesTheSameGeneration() {
		String id = UUID.randomUUID().toString();
		EventSourceTestStream first = this.client.connect("/answers/" + id);
		first.awaitEvents(5);
		try (EventSourceTestStream resumed = first.reconnect()) {
			// the first stream may have received more than the five awaited before it
			// reconnected with the id of the last it received
			List<ReceivedEvent> read = first.events();
			List<ReceivedEvent> rest = resumed.awaitCompletion();
			assertThat(rest.get(0).data()).isEqualTo("1:" + read.size());
			assertThat(tokenData(Stream.concat(read.stream(), rest.stream()).toList()))
				.containsExactlyElementsOf(tokens(1, 20))
				.doesNotHaveDuplicates();
			assertThat(rest.get(rest.size() - 1).name()).isEqualTo("done");
		}
		assertThat(SourceEndpoints.generations.get(id)).hasValue(1);
	}

	@Test
	void reloadWithoutALastEventIdGetsTheGenerationFromItsStart() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream first = this.client.connect("/answers/" + id)) {
			first.awaitEvents(3);
		}
		try (EventSourceTestStream reloaded = this.client.connect("/answers/" + id)) {
			assertThat(tokenData(reloaded.awaitCompletion())).containsExactlyElementsOf(tokens(1, 20));
		}
		assertThat(SourceEndpoints.generations.get(id)).hasValue(1);
	}

	@Test
	void concurrentStreamsShareOneGeneration() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream one = this.client.connect("/answers/" + id);
				EventSourceTestStream two = this.client.connect("/answers/" + id)) {
			List<ReceivedEvent> fromOne = one.awaitCompletion();
			List<ReceivedEvent> fromTwo = two.awaitCompletion();
			assertThat(fromOne).extracting(ReceivedEvent::id)
				.containsExactlyElementsOf(fromTwo.stream().map(ReceivedEvent::id).toList());
			assertThat(tokenData(fromOne)).containsExactlyElementsOf(tokens(1, 20));
		}
		assertThat(SourceEndpoints.generations.get(id)).hasValue(1);
	}

	@Test
	void streamAfterTheEndWithinRetentionGetsEverythingAndTheEnd() {
		String id = UUID.randomUUID().toString();
		List<ReceivedEvent> original;
		try (EventSourceTestStream first = this.client.connect("/answers/" + id)) {
			original = first.awaitCompletion();
		}
		try (EventSourceTestStream late = this.client.connect("/answers/" + id)) {
			assertThat(late.awaitCompletion()).extracting(ReceivedEvent::id, ReceivedEvent::data)
				.containsExactlyElementsOf(original.stream().map((event) -> tuple(event.id(), event.data())).toList());
		}
		assertThat(SourceEndpoints.generations.get(id)).hasValue(1);
	}

	@Test
	void unknownLastEventIdGetsTheResetEventThenTheGenerationFromItsStart() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream stream = this.client.connect("/answers/" + id + "?tokens=3",
				(headers) -> headers.set("Last-Event-ID", "from-another-generation"))) {
			List<ReceivedEvent> events = stream.awaitCompletion();
			assertThat(events).extracting(ReceivedEvent::name).containsExactly("reset", "token", "token", "token",
					"done");
		}
	}

	@Test
	void generationThatNobodyListensToIsCancelledAfterTheGracePeriod() {
		String id = UUID.randomUUID().toString();
		try (EventSourceTestStream stream = this.client.connect("/answers/" + id + "?tokens=100000")) {
			stream.awaitEvent();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> SourceEndpoints.cancelled.contains(id));
		try (EventSourceTestStream again = this.client.connect("/answers/" + id + "?tokens=2")) {
			assertThat(data(again.awaitCompletion())).containsExactly("2:0", "2:1", "");
		}
	}

	@Test
	void headRequestStartsNoGeneration() throws Exception {
		String id = UUID.randomUUID().toString();
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/answers/" + id))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
		assertThat(SourceEndpoints.generations).doesNotContainKey(id);
	}

	private static List<String> tokenData(List<ReceivedEvent> events) {
		return events.stream().filter((event) -> "token".equals(event.name())).map(ReceivedEvent::data).toList();
	}

	private static List<String> data(List<ReceivedEvent> events) {
		return events.stream().map(ReceivedEvent::data).toList();
	}

	private static List<String> tokens(int generation, int count) {
		return IntStream.range(0, count).mapToObj((i) -> generation + ":" + i).toList();
	}

}
