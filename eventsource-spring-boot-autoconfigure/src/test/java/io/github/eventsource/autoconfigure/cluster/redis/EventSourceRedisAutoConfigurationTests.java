package io.github.eventsource.autoconfigure.cluster.redis;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.LocalEventDelivery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
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
			.doesNotHaveBean(LettuceClientOptionsBuilderCustomizer.class)
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
				.hasSingleBean(LettuceClientOptionsBuilderCustomizer.class)
				.hasBean("eventSourceRedisPublishFailuresMeterBinder")
				.getBean(EventDelivery.class)
				.isInstanceOf(RedisEventDelivery.class));
	}

	@Test
	void whenSpringDataRedisIsNotPresentThenClusterModeBacksOff() {
		this.contextRunner.withPropertyValues("eventsource.cluster.mode=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisMessageListenerContainer.class)
				.getBean(EventDelivery.class)
				.isInstanceOf(LocalEventDelivery.class));
	}

	@Test
	void whenNoRedisConnectionFactoryIsConfiguredThenClusterModeBacksOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
					WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
					EventSourceRedisAutoConfiguration.class, EventSourceAutoConfiguration.class))
			.withPropertyValues("eventsource.cluster.mode=redis")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisMessageListenerContainer.class)
				.getBean(EventDelivery.class)
				.isInstanceOf(LocalEventDelivery.class));
	}

}
