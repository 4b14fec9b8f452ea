package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.autoconfigure.EventSourceProperties;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.SessionRegistry;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the Redis cluster mode of Server-Sent Events endpoints: with
 * {@code eventsource.cluster.mode=redis}, sends reach the streams of every instance and
 * the replay history lives in Redis.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = EventSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SseEmitter.class, RedisConnectionFactory.class, RedisMessageListenerContainer.class })
@ConditionalOnBooleanProperty(name = "eventsource.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "eventsource.cluster.mode", havingValue = "redis")
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(EventSourceProperties.class)
public final class EventSourceRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EventSourceRedisAutoConfiguration.class);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	@Bean
	RedisEventLog eventSourceRedisEventLog(RedisConnectionFactory connectionFactory,
			EventSourceProperties properties) {
		EventSourceProperties.Replay replay = properties.getReplay();
		return new RedisEventLog(connectionFactory, properties.getCluster().getRedis().getKeyPrefix(),
				replay.getMaxEvents(), replay.getMaxAge());
	}

	@Bean
	RedisOutage eventSourceRedisOutage() {
		return new RedisOutage();
	}

	@Bean
	RedisEventDelivery eventSourceDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder,
			RedisEventLog log, RedisOutage outage) {
		return new RedisEventDelivery(channels, sessions, encoder, log, outage);
	}

	@Bean
	RedisMessageListenerContainer eventSourceRedisListenerContainer(RedisConnectionFactory connectionFactory,
			RedisEventDelivery delivery, EventSourceProperties properties) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// one thread, in the order Redis sent them: events of a target stay in order
		container.setTaskExecutor(new SyncTaskExecutor());
		container.setRecoveryInterval(RETRY_INTERVAL.toMillis());
		container.setAutoStartup(false);
		container.addMessageListener((message, pattern) -> delivery.receive(ClusterMessage.from(message.getBody())),
				ChannelTopic.of(channel(properties)));
		return container;
	}

	@Bean
	RedisSubscription eventSourceRedisSubscription(RedisMessageListenerContainer eventSourceRedisListenerContainer,
			EventSourceProperties properties) {
		String channel = channel(properties);
		logger.info(LogMessage.format("Event source cluster mode: sharing events through Redis channel '%s'",
				channel));
		return new RedisSubscription(eventSourceRedisListenerContainer, channel, RETRY_INTERVAL);
	}

	private static String channel(EventSourceProperties properties) {
		return RedisEventLog.channel(properties.getCluster().getRedis().getKeyPrefix());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientOptions.class, LettuceClientOptionsBuilderCustomizer.class })
	static class LettuceConfiguration {

		/**
		 * Fail Redis commands at once while disconnected instead of queueing them, so that
		 * sends do not wait for Redis during an outage.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer eventSourceRedisRejectCommandsWhenDisconnected() {
			return (builder) -> builder.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		MeterBinder eventSourceRedisPublishFailuresMeterBinder(RedisOutage outage) {
			return (registry) -> FunctionCounter
				.builder("eventsource.cluster.publish.failures", outage, RedisOutage::publishFailures)
				.description("Sends that could not be published to the other instances through Redis")
				.register(registry);
		}

	}

}
