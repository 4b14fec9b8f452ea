package io.github.eventsource.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
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

/**
 * The chat room through the test client: the example of docs/testing.md.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureEventSourceTestClient
class ChatRoomIntegrationTests {

	private final String room = "/rooms/" + UUID.randomUUID();

	@Autowired
	EventSourceTestClient client;

	@Autowired
	EventSourceTemplate template;

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Test
	void replaysWhatAReconnectingClientMissed() {
		try (EventSourceTestStream stream = this.client.connect(this.room)) {
			stream.awaitOpen();
			this.template.broadcast(this.room, EventSourceEvent.of("message", "wow"));
			ReceivedEvent wow = stream.awaitEvent("message");
			assertThat(wow.data()).isEqualTo("wow");
			stream.close();
			this.template.broadcast(this.room, EventSourceEvent.of("message", "such missed"));
			try (EventSourceTestStream again = stream.reconnect()) {
				ReceivedEvent missed = again.awaitEvent("message");
				assertThat(missed.data()).isEqualTo("such missed");
				assertThat(Long.parseLong(missed.id())).isGreaterThan(Long.parseLong(wow.id()));
			}
		}
	}

	@Test
	void postSendsMessageToTheRoomAndAnswersStreamsReached() throws Exception {
		try (EventSourceTestStream first = this.client.connect(this.room);
				EventSourceTestStream second = this.client.connect(this.room)) {
			first.awaitOpen();
			second.awaitOpen();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + this.room))
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("much chat"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(202);
			assertThat(response.body()).isEqualTo("2");
			assertThat(first.awaitEvent("message").data()).isEqualTo("much chat");
			assertThat(second.awaitEvent("message").data()).isEqualTo("much chat");
		}
	}

	@Test
	void everyStreamOfTheRoomIsToldWhoIsThere() {
		try (EventSourceTestStream first = this.client.connect(this.room)) {
			Snapshot alone = first.awaitEvent("presence").dataAs(Snapshot.class);
			assertThat(alone.count()).isOne();
			String firstId = alone.members().get(0).id();
			try (EventSourceTestStream second = this.client.connect(this.room)) {
				Snapshot both = second.awaitEvent("presence").dataAs(Snapshot.class);
				assertThat(both.count()).isEqualTo(2);
				assertThat(both.members()).extracting(Member::id).contains(firstId);
				assertThat(first.awaitEvent("joined").data()).contains("\"id\":\"" + firstId + "\"");
				assertThat(first.awaitEvent("joined").data()).contains("\"count\":2");
			}
		}
	}

	@Test
	void presenceAnswersTheSnapshotOfTheRoomAsJson() throws Exception {
		try (EventSourceTestStream first = this.client.connect(this.room);
				EventSourceTestStream second = this.client.connect(this.room)) {
			first.awaitEvent("presence");
			second.awaitEvent("presence");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + this.room + "/presence")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(JsonPath.<Integer>read(response.body(), "$.count")).isEqualTo(2);
			assertThat(JsonPath.<Integer>read(response.body(), "$.users")).isZero();
			assertThat(JsonPath.<List<String>>read(response.body(), "$.members[*].id")).hasSize(2);
			assertThat(JsonPath.<List<Object>>read(response.body(), "$.members[*].user")).containsOnlyNulls();
			assertThat(JsonPath.<List<String>>read(response.body(), "$.members[*].instance")).hasSize(2);
			assertThat(JsonPath.<List<String>>read(response.body(), "$.members[*].since")).hasSize(2);
			assertThat(this.sessions.getRegistrations()).hasSizeGreaterThanOrEqualTo(2)
				.allSatisfy((registration) -> assertThat(response.body())
					.doesNotContain(registration.session().getId()));
		}
	}

	@Test
	void refusesMessagesOverSixtyFourKilobytesWith413() throws Exception {
		assertThat(post("x".repeat(ChatRoom.MAX_MESSAGE_BYTES + 1)).statusCode()).isEqualTo(413);
		assertThat(post("x".repeat(ChatRoom.MAX_MESSAGE_BYTES)).statusCode()).isEqualTo(202);
	}

	@Test
	void refusesPostsFromAnotherOriginWith403() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + this.room))
				.header("Content-Type", "text/plain")
				.header("Origin", "https://evil.example")
				.POST(HttpRequest.BodyPublishers.ofString("spam"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> post(String text) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + this.room))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(text))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
