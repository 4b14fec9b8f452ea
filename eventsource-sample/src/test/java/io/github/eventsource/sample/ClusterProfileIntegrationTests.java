package io.github.eventsource.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two instances of the sample in the {@code cluster} profile share the chat room: a
 * message posted to one reaches a client of the other, and a client that reconnects to
 * the other instance gets what it missed.
 */
class ClusterProfileIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String keyPrefix = "eventsource-sample-test-" + UUID.randomUUID() + ":";

	@Test
	void instancesShareTheChatRoom() throws Exception {
		try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
			String lastSeen;
			try (EventSourceTestStream stream = client(first).connect("/rooms/lobby")) {
				assertThat(post(second, "/rooms/lobby", "hello from the other instance").statusCode()).isEqualTo(202);
				ReceivedEvent message = stream.awaitEvent("message");
				assertThat(message.data()).isEqualTo("hello from the other instance");
				lastSeen = message.id();
			}
			post(first, "/rooms/lobby", "missed while away");
			try (EventSourceTestStream stream = client(second).connect("/rooms/lobby",
					(headers) -> headers.set("Last-Event-ID", lastSeen))) {
				assertThat(stream.awaitEvent("message").data()).isEqualTo("missed while away");
			}
		}
	}

	private ConfigurableApplicationContext start() {
		assumeTrue(redisAnswers(), "No Redis at localhost:6379: start redis-server to run the cluster profile test");
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.properties("server.port=0", "eventsource.cluster.redis.key-prefix=" + this.keyPrefix)
			.run();
	}

	static boolean redisAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", 6379), 1000);
			socket.setSoTimeout(1000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[5];
			return socket.getInputStream().readNBytes(reply, 0, 5) == 5
					&& "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static EventSourceTestClient client(ConfigurableApplicationContext context) {
		return new EventSourceTestClient(() -> "http://localhost:" + port(context));
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext context, String path, String text)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port(context) + path))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(text))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
