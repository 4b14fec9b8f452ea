package io.github.eventsource.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.ReceivedEvent;
import io.github.eventsource.test.TestEventStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat room through the test client: the example of the README.
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

	@Test
	void replaysWhatAReconnectingClientMissed() {
		try (TestEventStream stream = this.client.connect(this.room)) {
			stream.awaitOpen();
			this.template.broadcast(this.room, EventSourceEvent.of("message", "wow"));
			assertThat(stream.awaitEvent()).isEqualTo(new ReceivedEvent("message", "wow", "1"));
			stream.close();
			this.template.broadcast(this.room, EventSourceEvent.of("message", "such missed"));
			try (TestEventStream again = stream.reconnect()) {
				assertThat(again.awaitEvent()).isEqualTo(new ReceivedEvent("message", "such missed", "2"));
			}
		}
	}

	@Test
	void postSendsMessageToTheRoomAndAnswersStreamsReached() throws Exception {
		try (TestEventStream first = this.client.connect(this.room);
				TestEventStream second = this.client.connect(this.room)) {
			first.awaitOpen();
			second.awaitOpen();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + this.room))
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("much chat"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(202);
			assertThat(response.body()).isEqualTo("2");
			assertThat(first.awaitEvent().data()).isEqualTo("much chat");
			assertThat(second.awaitEvent().data()).isEqualTo("much chat");
		}
	}

}
