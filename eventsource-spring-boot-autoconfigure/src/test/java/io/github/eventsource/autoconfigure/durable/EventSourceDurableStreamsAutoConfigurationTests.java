package io.github.eventsource.autoconfigure.durable;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.autoconfigure.cluster.redis.EventSourceRedisAutoConfiguration;
import io.github.eventsource.durable.DurableStreamAccess;
import io.github.eventsource.durable.DurableStreamOperation;
import io.github.eventsource.durable.DurableStreams;
import io.github.eventsource.durable.internal.DurableStreamsController;
import io.github.eventsource.durable.internal.RedisStreamStore;
import io.github.eventsource.durable.internal.RedisStreamWatcher;
import io.github.eventsource.durable.internal.StreamStorage;
import io.github.eventsource.durable.internal.StreamStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceDurableStreamsAutoConfiguration}.
 */
class EventSourceDurableStreamsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class, EventSourceDurableStreamsAutoConfiguration.class));

	@Test
	void servesNothingWhenThePathIsNotSet() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(DurableStreamsController.class)
			.doesNotHaveBean(DurableStreams.class));
	}

	@Test
	void servesNothingWhenEventSourceIsDisabled() {
		this.contextRunner.withPropertyValues("eventsource.durable-streams.path=/v1/stream", "eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DurableStreamsController.class)
				.doesNotHaveBean(DurableStreams.class));
	}

	@Test
	void servesTheProtocolAndTheApiUnderThePath() {
		this.contextRunner.withPropertyValues("eventsource.durable-streams.path=/v1/stream")
			.run((context) -> assertThat(context).hasSingleBean(DurableStreamsController.class)
				.hasSingleBean(DurableStreams.class)
				.hasSingleBean(DurableStreamAccess.class));
	}

	@Test
	void keepsTheStreamsInRedisInClusterMode() {
		// nothing answers there: the context starts, and requests would wait for Redis
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				EventSourceRedisAutoConfiguration.class))
			.withPropertyValues("eventsource.durable-streams.path=/v1/stream", "eventsource.cluster.mode=redis",
					"spring.data.redis.url=redis://127.0.0.1:1")
			.run((context) -> assertThat(context).doesNotHaveBean(StreamStore.class)
				.hasSingleBean(RedisStreamWatcher.class)
				.getBean(StreamStorage.class)
				.isInstanceOf(RedisStreamStore.class));
	}

	@Test
	void keepsTheStreamsInMemoryWithoutClusterMode() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				EventSourceRedisAutoConfiguration.class))
			.withPropertyValues("eventsource.durable-streams.path=/v1/stream")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisStreamStore.class)
				.getBean(StreamStorage.class)
				.isInstanceOf(StreamStore.class));
	}

	@Test
	void bindsTheBounds() {
		this.contextRunner
			.withPropertyValues("eventsource.durable-streams.path=/v1/stream", "eventsource.durable-streams.max-streams=7",
					"eventsource.durable-streams.max-total-size=3MB", "eventsource.durable-streams.max-stream-size=2MB",
					"eventsource.durable-streams.max-read-size=1KB")
			.run((context) -> {
				StreamStorage.Settings settings = context.getBean(StreamStore.class).settings();
				assertThat(settings.maxStreams()).isEqualTo(7);
				assertThat(settings.maxTotalBytes()).isEqualTo(3 * 1024 * 1024);
				assertThat(settings.maxStreamBytes()).isEqualTo(2 * 1024 * 1024);
				assertThat(settings.maxReadBytes()).isEqualTo(1024);
			});
	}

	@Test
	void defaultAccessLetsEveryoneReadAndOnlyAuthenticatedRequestsWrite() {
		this.contextRunner.withPropertyValues("eventsource.durable-streams.path=/v1/stream").run((context) -> {
			DurableStreamAccess access = context.getBean(DurableStreamAccess.class);
			MockHttpServletRequest anonymous = new MockHttpServletRequest();
			MockHttpServletRequest user = new MockHttpServletRequest();
			user.setUserPrincipal(() -> "alice");
			assertThat(access.allows(DurableStreamOperation.READ, "a", anonymous)).isTrue();
			assertThat(access.allows(DurableStreamOperation.CREATE, "a", anonymous)).isFalse();
			assertThat(access.allows(DurableStreamOperation.APPEND, "a", anonymous)).isFalse();
			assertThat(access.allows(DurableStreamOperation.DELETE, "a", anonymous)).isFalse();
			assertThat(access.allows(DurableStreamOperation.APPEND, "a", user)).isTrue();
		});
	}

	@Test
	void anonymousWritesOpenWritesToEveryone() {
		this.contextRunner
			.withPropertyValues("eventsource.durable-streams.path=/v1/stream",
					"eventsource.durable-streams.anonymous-writes=true")
			.run((context) -> assertThat(context.getBean(DurableStreamAccess.class)
				.allows(DurableStreamOperation.CREATE, "a", new MockHttpServletRequest())).isTrue());
	}

	@Test
	void backsOffWhenTheApplicationDefinesTheAccess() {
		this.contextRunner.withPropertyValues("eventsource.durable-streams.path=/v1/stream")
			.withUserConfiguration(CustomAccess.class)
			.run((context) -> assertThat(context.getBeanNamesForType(DurableStreamAccess.class))
				.containsExactly("customAccess"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomAccess {

		@Bean
		DurableStreamAccess customAccess() {
			return (operation, stream, request) -> !operation.isWrite();
		}

	}

}
