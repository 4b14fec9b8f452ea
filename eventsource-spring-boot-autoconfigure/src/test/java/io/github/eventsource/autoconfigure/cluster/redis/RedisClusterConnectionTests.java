package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisClusterConnection}.
 */
class RedisClusterConnectionTests {

	@Test
	void refusesRedisClusterWhenTheKeyPrefixHasNoHashTag() {
		LettuceConnectionFactory cluster = new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of("127.0.0.1:7000")));
		assertThatIllegalStateException()
			.isThrownBy(() -> new RedisClusterConnection(cluster, null, Duration.ofSeconds(1), "eventsource:"))
			.withMessageContaining("hash tag")
			.withMessageContaining("'eventsource:'");
	}

	@Test
	void keyPrefixHasAHashTagOnlyWithSomethingBetweenBraces() {
		assertThat(RedisClusterConnection.hasHashTag("{eventsource}:")).isTrue();
		assertThat(RedisClusterConnection.hasHashTag("app:{sse}:")).isTrue();
		assertThat(RedisClusterConnection.hasHashTag("eventsource:")).isFalse();
		assertThat(RedisClusterConnection.hasHashTag("{}eventsource:")).isFalse();
		assertThat(RedisClusterConnection.hasHashTag("eventsource}{")).isFalse();
	}

}
