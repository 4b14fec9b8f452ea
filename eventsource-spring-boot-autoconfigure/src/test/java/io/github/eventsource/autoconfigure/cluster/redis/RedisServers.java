package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Redis of the cluster tests: {@code EVENTSOURCE_TEST_REDIS_URL}, or
 * {@code 127.0.0.1:6379}.
 */
final class RedisServers {

	private RedisServers() {
	}

	/**
	 * Return the URL of the shared test Redis, skipping the test when nothing answers
	 * there.
	 * @return the URL
	 */
	static String sharedUrl() {
		String url = System.getenv("EVENTSOURCE_TEST_REDIS_URL");
		if (url == null || url.isBlank()) {
			url = "redis://127.0.0.1:6379";
		}
		assumeTrue(answers(url), "No Redis at " + url
				+ ": start redis-server (or set EVENTSOURCE_TEST_REDIS_URL) to run the cluster tests");
		return url;
	}

	/**
	 * Return a started connection factory to the shared test Redis, skipping the test
	 * when nothing answers there; the caller destroys it.
	 * @return the connection factory
	 */
	static LettuceConnectionFactory sharedConnectionFactory() {
		RedisURI uri = RedisURI.create(sharedUrl());
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return connectionFactory;
	}

	/**
	 * Return whether a Redis answers PING at a URL.
	 * @param url the URL
	 * @return whether it answers
	 */
	static boolean answers(String url) {
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(Duration.ofSeconds(1));
		RedisClient client = RedisClient.create(uri);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return "PONG".equals(connection.sync().ping());
		}
		catch (io.lettuce.core.RedisException ex) {
			return false;
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

}
