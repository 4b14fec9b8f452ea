package io.github.eventsource.autoconfigure.cluster.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.eventsource.durable.DurableStreamFollower;
import io.lettuce.core.KillArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable Streams in cluster mode, on a real Redis and two instances: a stream written
 * on one instance is read (catch-up), long-polled and followed over SSE on the other;
 * Redis killing the instances' connections while a reader follows loses it nothing; the
 * bounds hold for the cluster as a whole.
 */
class RedisDurableStreamsIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String[] DURABLE_STREAMS = { "eventsource.durable-streams.path=/v1/stream",
			"eventsource.durable-streams.anonymous-writes=true", "eventsource.durable-streams.long-poll-timeout=20s",
			"eventsource.durable-streams.cluster-check-interval=500ms", "eventsource.durable-streams.max-streams=10",
			"eventsource.durable-streams.cluster-max-idle=5m" };

	private final String keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";

	@Test
	void aStreamWrittenOnOneInstanceIsReadLongPolledAndFollowedOnTheOther() throws Exception {
		String redis = RedisServers.sharedUrl();
		try (ClusterInstance a = ClusterInstance.start(redis, this.keyPrefix, DURABLE_STREAMS);
				ClusterInstance b = ClusterInstance.start(redis, this.keyPrefix, DURABLE_STREAMS)) {
			assertThat(send(a, "PUT", "/answers/1", "[{\"n\":1}]").statusCode()).isEqualTo(201);
			HttpResponse<String> caughtUp = send(b, "GET", "/answers/1?offset=-1", null);
			assertThat(caughtUp.statusCode()).isEqualTo(200);
			assertThat(caughtUp.body()).isEqualTo("[{\"n\":1}]");
			String tail = caughtUp.headers().firstValue("Stream-Next-Offset").orElseThrow();
			CompletableFuture<HttpResponse<String>> longPoll = HTTP.sendAsync(
					request(b, "/answers/1?live=long-poll&offset=" + tail).GET().build(), BodyHandlers.ofString());
			try (DurableStreamFollower follower = new DurableStreamFollower(url(b, "/answers/1"), tail)) {
				for (int n = 2; n <= 50; n++) {
					assertThat(append(a, "/answers/1", n).statusCode()).isEqualTo(204);
				}
				HttpResponse<String> polled = longPoll.get(30, TimeUnit.SECONDS);
				assertThat(polled.statusCode()).isEqualTo(200);
				assertThat(polled.body()).startsWith("[{\"n\":2}");
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(follower.received()).hasSize(49));
				assertThat(follower.received()).containsExactlyElementsOf(IntStream.rangeClosed(2, 50).boxed().toList());
			}
			assertThat(send(b, "DELETE", "/answers/1", null).statusCode()).isEqualTo(204);
			assertThat(send(a, "HEAD", "/answers/1", null).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void theBoundOfStreamsHoldsForTheClusterAsAWhole() throws Exception {
		String redis = RedisServers.sharedUrl();
		try (ClusterInstance a = ClusterInstance.start(redis, this.keyPrefix, DURABLE_STREAMS);
				ClusterInstance b = ClusterInstance.start(redis, this.keyPrefix, DURABLE_STREAMS)) {
			for (int i = 0; i < 10; i++) {
				assertThat(send((i % 2 == 0) ? a : b, "PUT", "/many/" + i, null).statusCode()).isEqualTo(201);
			}
			assertThat(send(a, "PUT", "/many/10", null).statusCode()).isEqualTo(429);
			assertThat(send(b, "PUT", "/many/10", null).statusCode()).isEqualTo(429);
			assertThat(send(a, "DELETE", "/many/3", null).statusCode()).isEqualTo(204);
			assertThat(send(b, "PUT", "/many/10", null).statusCode()).isEqualTo(201);
		}
	}

	@Test
	void aFollowerOnTheOtherInstanceLosesNothingWhenRedisKillsTheInstancesConnections() throws Exception {
		try (RedisProcess redis = RedisProcess.startOnSparePort();
				RedisCommandsConnection commands = new RedisCommandsConnection(redis.url());
				ClusterInstance a = ClusterInstance.start(redis.url(), this.keyPrefix, DURABLE_STREAMS);
				ClusterInstance b = ClusterInstance.start(redis.url(), this.keyPrefix, DURABLE_STREAMS)) {
			assertThat(send(a, "PUT", "/counter", null).statusCode()).isEqualTo(201);
			int items = 200;
			try (DurableStreamFollower follower = new DurableStreamFollower(url(b, "/counter"), "-1")) {
				for (int n = 1; n <= items; n++) {
					if (n == 60 || n == 140) {
						assertThat(commands.sync().clientKill(KillArgs.Builder.typeNormal())).isPositive();
					}
					appendOnce(a, "/counter", n);
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(follower.received()).hasSize(items));
				assertThat(follower.received())
					.containsExactlyElementsOf(IntStream.rangeClosed(1, items).boxed().toList());
			}
		}
	}

	/**
	 * Append item {@code n} as an idempotent producer (sequence {@code n - 1}), again
	 * until an instance answers that it holds it: a retry of an append that was applied
	 * is a duplicate, never a second copy.
	 */
	private static void appendOnce(ClusterInstance instance, String path, int n) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			HttpRequest request = request(instance, path).header("Content-Type", "application/json")
				.header("Producer-Id", "writer")
				.header("Producer-Epoch", "0")
				.header("Producer-Seq", Integer.toString(n - 1))
				.POST(BodyPublishers.ofString("{\"n\":" + n + "}"))
				.build();
			try {
				int status = HTTP.send(request, BodyHandlers.discarding()).statusCode();
				return status == 200 || status == 204;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
	}

	private static HttpResponse<String> append(ClusterInstance instance, String path, int n) throws Exception {
		return send(instance, "POST", path, "{\"n\":" + n + "}");
	}

	private static HttpResponse<String> send(ClusterInstance instance, String method, String path, String json)
			throws Exception {
		HttpRequest.Builder request = request(instance, path)
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (json != null || method.equals("PUT")) {
			request.header("Content-Type", "application/json");
		}
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(ClusterInstance instance, String path) {
		return HttpRequest.newBuilder(URI.create(url(instance, path))).timeout(Duration.ofSeconds(30));
	}

	private static String url(ClusterInstance instance, String path) {
		return "http://localhost:" + instance.port() + "/v1/stream" + path;
	}

}
