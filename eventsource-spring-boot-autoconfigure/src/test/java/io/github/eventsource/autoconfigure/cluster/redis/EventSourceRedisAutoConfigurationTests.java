package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.LocalEventDelivery;
import io.github.eventsource.presence.EventSourcePresence;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceRedisAutoConfiguration}.
 */
class EventSourceRedisAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				DataRedisAutoConfiguration.class, EventSourceRedisAutoConfiguration.class,
				EventSourceAutoConfiguration.class));

	@Test
	void shouldNotCreateClusterBeansByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(EventSourceTemplate.class)
			.doesNotHaveBean(RedisMessageListenerContainer.class)
			.doesNotHaveBean(RedisClusterConnection.class)
			.getBean(EventDelivery.class)
			.isInstanceOf(LocalEventDelivery.class));
	}

	@Test
	void shouldNotCreateClusterBeansInModeNone() {
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=none")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisMessageListenerContainer.class)
				.getBean(EventDelivery.class)
				.isInstanceOf(LocalEventDelivery.class));
	}

	@Test
	void deliversThroughRedisInModeRedis() {
		// nothing answers there: the context starts and subscribes in the background
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=redis", "spring.data.redis.url=redis://127.0.0.1:1")
			.run((context) -> assertThat(context).hasSingleBean(EventSourceTemplate.class)
				.hasSingleBean(RedisMessageListenerContainer.class)
				.hasSingleBean(RedisSubscription.class)
				.hasSingleBean(RedisOutbox.class)
				.hasSingleBean(RedisPresence.class)
				.getBean(EventDelivery.class)
				.isInstanceOf(RedisEventDelivery.class));
	}

	@Test
	void tellsPresenceFromRedisInModeRedis() {
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=redis", "spring.data.redis.url=redis://127.0.0.1:1")
			.run((context) -> assertThat(context).getBean(EventSourcePresence.class).isInstanceOf(RedisRoster.class));
	}

	@Test
	void clusterModeTalksToRedisOnConnectionsOfItsOwnWithItsOwnTimeout() {
		this.contextRunner
			.withPropertyValues("eventsource.cluster.mode=redis", "spring.data.redis.url=redis://127.0.0.1:1",
					"eventsource.cluster.redis.timeout=750ms")
			.run((context) -> {
				LettuceConnectionFactory own = (LettuceConnectionFactory) context.getBean(RedisClusterConnection.class)
					.connectionFactory();
				assertThat(own).isNotSameAs(context.getBean(RedisConnectionFactory.class));
				assertThat(own.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(own.getClientConfiguration().getClientOptions()).get()
					.extracting(ClientOptions::getDisconnectedBehavior)
					.isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
				assertThat(own.getPort()).isOne();
			});
	}

	@Test
	void applicationsStringRedisTemplateKeepsLettucesDefaultsInClusterMode() {
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=redis", "spring.data.redis.url=redis://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisEventDelivery.class).hasSingleBean(RedisConnectionFactory.class);
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				LettuceClientConfiguration application = ((LettuceConnectionFactory) template
					.getRequiredConnectionFactory()).getClientConfiguration();
				assertThat(application.getCommandTimeout()).isEqualTo(RedisURI.DEFAULT_TIMEOUT_DURATION);
				assertThat(application.getClientOptions()).get()
					.extracting(ClientOptions::getDisconnectedBehavior)
					.isEqualTo(DisconnectedBehavior.DEFAULT);
			});
	}

	@Test
	void whenSpringDataRedisIsNotPresentThenTheClusterModeFailsToStart() {
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("eventsource.cluster.mode=redis needs Spring Data Redis"));
	}

	@Test
	void whenNoRedisConnectionFactoryIsConfiguredThenTheClusterModeFailsToStart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
					WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
					EventSourceRedisAutoConfiguration.class, EventSourceAutoConfiguration.class))
			.withPropertyValues("eventsource.cluster.mode=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("and a RedisConnectionFactory"));
	}

}
