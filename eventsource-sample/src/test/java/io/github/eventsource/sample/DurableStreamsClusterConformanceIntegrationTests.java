package io.github.eventsource.sample;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public conformance suite of the Durable Streams protocol and the official client
 * ({@link DurableStreamsConformanceSuite}) through a {@link RoundRobinProxy} in front of
 * two instances of the sample in the {@code durable-streams} and {@code cluster} profiles
 * on one Redis: each request goes to the other instance than the last, so every stream
 * is created on one and appended, read, long-polled and followed over SSE on both. The
 * same tests must pass as against one instance. Skipped without {@code node}, {@code npm}
 * or a Redis on {@code localhost:6379}.
 */
class DurableStreamsClusterConformanceIntegrationTests {

	private final String keyPrefix = "eventsource-sample-durable-" + UUID.randomUUID() + ":";

	@Test
	void passesTheConformanceSuiteThroughARoundRobinProxyInFrontOfTwoInstances() throws Exception {
		DurableStreamsConformanceSuite suite = DurableStreamsConformanceSuite.install();
		try (ConfigurableApplicationContext first = start();
				ConfigurableApplicationContext second = start();
				RoundRobinProxy proxy = RoundRobinProxy.start(List.of(uri(first), uri(second)))) {
			DurableStreamsConformanceSuite.Result result = suite.run(proxy.uri().toString(), "cluster");
			assertThat(result.passed()).containsAll(DurableStreamsConformanceSuite.expectedToPass());
			assertThat(suite.runClientRoundTrip(proxy.uri().toString()))
				.as("node client-roundtrip.mjs through the proxy, see %s", suite.log())
				.isZero();
			assertThat(proxy.requests()).isGreaterThan(1000);
		}
	}

	private ConfigurableApplicationContext start() {
		assumeTrue(ClusterProfileIntegrationTests.redisAnswers(),
				"No Redis at localhost:6379: start redis-server to run the durable streams cluster test");
		return new SpringApplicationBuilder(SampleApplication.class).profiles("durable-streams", "cluster")
			.properties("server.port=0", "eventsource.cluster.redis.key-prefix=" + this.keyPrefix,
					// the suite's streams leave the shared Redis soon after the test
					"eventsource.durable-streams.cluster-max-idle=5m", "spring.main.banner-mode=off")
			.run();
	}

	private static URI uri(ConfigurableApplicationContext context) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
