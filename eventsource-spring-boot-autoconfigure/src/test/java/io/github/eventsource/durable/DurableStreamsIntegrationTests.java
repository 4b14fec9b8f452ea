package io.github.eventsource.durable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Durable Streams server on a real container: what the {@link DurableStreams} API
 * writes, SSE and long-poll readers over HTTP get once each, in order, across
 * reconnects. What the protocol refuses: {@link DurableStreamsBadInputIntegrationTests}.
 */
@SpringBootTest(classes = DurableStreamsIntegrationTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.durable-streams.path=/streams", "eventsource.durable-streams.anonymous-writes=true",
				"eventsource.durable-streams.max-streams=50", "eventsource.durable-streams.max-append-size=64KB",
				"eventsource.durable-streams.max-stream-size=256KB", "eventsource.durable-streams.max-total-size=1MB",
				"eventsource.durable-streams.long-poll-timeout=10s" })
class DurableStreamsIntegrationTests {

	private static final int ITEMS = 1000;

	private static final int READERS = 50;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	DurableStreams streams;

	@Test
	void sseAndLongPollReadersGetEveryItemOnceInOrderWhileTheApiWrites() throws Exception {
		this.streams.create("items", "application/json", null);
		List<DurableStreamFollower> sseReaders = new ArrayList<>();
		List<CompletableFuture<List<Integer>>> longPolls = new ArrayList<>();
		for (int i = 0; i < READERS; i++) {
			// each hangs up halfway and reconnects from the offset of its last control event
			sseReaders.add(new DurableStreamFollower(url("/items"), "-1", ITEMS / 2));
			longPolls.add(longPoll("-1", new ArrayList<>()));
		}
		for (int i = 1; i <= ITEMS; i++) {
			this.streams.appendJson("items", Map.of("n", i));
		}
		List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, ITEMS).boxed().toList();
		for (CompletableFuture<List<Integer>> longPoll : longPolls) {
			assertThat(longPoll.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
		}
		for (DurableStreamFollower reader : sseReaders) {
			await().atMost(Duration.ofSeconds(60)).until(() -> reader.received().size() >= ITEMS);
			assertThat(reader.received()).containsExactlyElementsOf(expected);
			reader.close();
		}
	}

	private CompletableFuture<List<Integer>> longPoll(String offset, List<Integer> received) {
		HttpRequest request = request("/items?live=long-poll&offset=" + offset).build();
		return HTTP.sendAsync(request, BodyHandlers.ofString()).thenCompose((response) -> {
			if (response.statusCode() == 200) {
				for (JsonNode item : JsonMapper.shared().readTree(response.body())) {
					received.add(item.get("n").asInt());
				}
			}
			if (received.size() >= ITEMS) {
				return CompletableFuture.completedFuture(received);
			}
			return longPoll(response.headers().firstValue("Stream-Next-Offset").orElseThrow(), received);
		});
	}

	private String url(String path) {
		return "http://localhost:" + this.port + "/streams" + path;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(30));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
