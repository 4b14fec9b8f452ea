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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
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
		List<SseReader> sseReaders = new ArrayList<>();
		List<CompletableFuture<List<Integer>>> longPolls = new ArrayList<>();
		for (int i = 0; i < READERS; i++) {
			SseReader reader = new SseReader();
			reader.connect("-1");
			sseReaders.add(reader);
			longPolls.add(longPoll("-1", new ArrayList<>()));
		}
		for (int i = 1; i <= ITEMS; i++) {
			this.streams.appendJson("items", Map.of("n", i));
		}
		List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, ITEMS).boxed().toList();
		for (CompletableFuture<List<Integer>> longPoll : longPolls) {
			assertThat(longPoll.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
		}
		for (SseReader reader : sseReaders) {
			assertThat(reader.done.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
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

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/streams" + path))
			.timeout(Duration.ofSeconds(30));
	}

	/**
	 * An SSE reader of {@code /streams/items} that hangs up halfway and reconnects from
	 * the offset of its last control event.
	 */
	private final class SseReader implements Flow.Subscriber<String> {

		final List<Integer> received = new CopyOnWriteArrayList<>();

		final CompletableFuture<List<Integer>> done = new CompletableFuture<>();

		private final StringBuilder data = new StringBuilder();

		private String event = "";

		private boolean reconnected;

		private Flow.Subscription subscription;

		void connect(String offset) {
			HTTP.sendAsync(request("/items?live=sse&offset=" + offset).build(), BodyHandlers.fromLineSubscriber(this))
				.exceptionally((ex) -> {
					this.done.completeExceptionally(ex);
					return null;
				});
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (line.startsWith("event:")) {
				this.event = line.substring(6).trim();
			}
			else if (line.startsWith("data:")) {
				this.data.append(line.substring(5));
			}
			else if (line.isEmpty()) {
				dispatch();
			}
		}

		private void dispatch() {
			String data = this.data.toString();
			this.data.setLength(0);
			if (this.event.equals("data")) {
				for (JsonNode item : JsonMapper.shared().readTree(data)) {
					this.received.add(item.get("n").asInt());
				}
			}
			else if (this.event.equals("control")) {
				String next = JsonMapper.shared().readTree(data).get("streamNextOffset").asString();
				if (this.received.size() >= ITEMS) {
					this.subscription.cancel();
					this.done.complete(this.received);
				}
				else if (!this.reconnected && this.received.size() >= ITEMS / 2) {
					this.reconnected = true;
					this.subscription.cancel();
					connect(next);
				}
			}
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
