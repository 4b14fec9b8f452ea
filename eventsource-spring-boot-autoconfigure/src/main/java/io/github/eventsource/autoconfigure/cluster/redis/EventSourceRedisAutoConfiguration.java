package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Clock;
import java.time.Duration;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.autoconfigure.EventSourceClusterProperties;
import io.github.eventsource.autoconfigure.EventSourceProperties;
import io.github.eventsource.autoconfigure.EventSourceReplayProperties;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.LogBounds;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the Redis cluster mode of Server-Sent Events endpoints: with
 * {@code eventsource.cluster.mode=redis}, sends reach the streams of every instance, in
 * one order, and the replay history and the presence of streams live in Redis. The cluster mode talks to the Redis
 * of the application's {@link RedisConnectionFactory} on connections of its own, with
 * its own timeout ({@code eventsource.cluster.redis.timeout}).
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
@EnableConfigurationProperties({ EventSourceProperties.class, EventSourceReplayProperties.class,
		EventSourceClusterProperties.class })
public final class EventSourceRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EventSourceRedisAutoConfiguration.class);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	@Bean
	RedisClusterConnection eventSourceRedisConnection(RedisConnectionFactory connectionFactory,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails, EventSourceClusterProperties cluster) {
		DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
		return new RedisClusterConnection(connectionFactory, (details != null) ? details.getUsername() : null,
				cluster.getRedis().getTimeout(), cluster.getRedis().getKeyPrefix());
	}

	@Bean
	RedisEventLog eventSourceRedisEventLog(RedisClusterConnection eventSourceRedisConnection, ChannelRegistry channels,
			EventSourceReplayProperties replay, EventSourceClusterProperties cluster) {
		LogBounds deliveryLog = RedisEventLog.deliveryLogBounds();
		PropertyMapper map = PropertyMapper.get();
		map.from(cluster.getRedis()::getOutboxSize).to(deliveryLog::setMaxEvents);
		map.from(replay::getMaxTotalBytes).as(DataSize::toBytes).to(deliveryLog::setMaxBytes);
		return new RedisEventLog(eventSourceRedisConnection.connectionFactory(), cluster.getRedis().getKeyPrefix(),
				channels.history(), deliveryLog);
	}

	@Bean
	RedisGenerationMirror eventSourceGenerationMirror(RedisClusterConnection eventSourceRedisConnection,
			EventSourceClusterProperties cluster, EventSourceReplayProperties replay) {
		return new RedisGenerationMirror(eventSourceRedisConnection.connectionFactory(),
				cluster.getRedis().getKeyPrefix(), replay.getMaxTotalBytes().toBytes());
	}

	@Bean
	RedisEventDelivery eventSourceDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder,
			RedisEventLog log, EventSourceProperties properties, EventSourceClusterProperties cluster) {
		return new RedisEventDelivery(channels, sessions, encoder, log, log.outage(), log.clock(),
				cluster.getRedis().getTimeout(), properties.getSession().getMaxBufferedBytes().toBytes());
	}

	@Bean
	RedisLogReader eventSourceRedisLogReader(RedisEventLog log, RedisEventDelivery delivery,
			EventSourceClusterProperties cluster) {
		Duration timeout = cluster.getRedis().getTimeout();
		return new RedisLogReader(log, log.outage(), delivery::receive, timeout.dividedBy(2), RETRY_INTERVAL);
	}

	@Bean
	RedisOutbox eventSourceRedisOutbox(RedisEventDelivery delivery, RedisEventLog log,
			EventSourceClusterProperties cluster, EventSourceReplayProperties replay) {
		RedisOutbox outbox = new RedisOutbox(cluster.getRedis().getOutboxSize(), replay.getMaxTotalBytes().toBytes(),
				log, log.clock(), delivery);
		delivery.setOutbox(outbox);
		return outbox;
	}

	@Bean
	RedisPresence eventSourceRedisPresence(RedisEventDelivery delivery, RedisEventLog log,
			ObjectProvider<SessionRegistry> sessions, EventSourceClusterProperties cluster) {
		return new RedisPresence(delivery.origin(), log, log.clock(), () -> sessions.getObject().size(),
				cluster.getRedis().getHeartbeatInterval());
	}

	@Bean
	RedisPresenceLog eventSourceRedisPresenceLog(RedisClusterConnection eventSourceRedisConnection,
			RedisEventDelivery delivery, EventSourceClusterProperties cluster) {
		return new RedisPresenceLog(eventSourceRedisConnection.connectionFactory(),
				cluster.getRedis().getKeyPrefix(), delivery.origin());
	}

	@Bean
	RedisRoster eventSourcePresence(RedisPresenceLog log, RedisEventDelivery delivery, PresenceAnnouncer announcer,
			EventSourceClusterProperties cluster) {
		EventSourceClusterProperties.Redis redis = cluster.getRedis();
		return new RedisRoster(delivery.origin(), log, announcer, redis.getPresenceExpiry(),
				redis.getHeartbeatInterval(), redis.getOutboxSize(), Clock.systemUTC());
	}

	@Bean
	RedisMessageListenerContainer eventSourceRedisListenerContainer(RedisClusterConnection eventSourceRedisConnection,
			RedisRoster presence, EventSourceClusterProperties cluster) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(eventSourceRedisConnection.connectionFactory());
		// one thread, in the order Redis published them: every stream gets its events in order
		container.setTaskExecutor(new SyncTaskExecutor());
		container.setRecoveryInterval(RETRY_INTERVAL.toMillis());
		container.setAutoStartup(false);
		container.addMessageListener((message, pattern) -> {
			// events go through the delivery log; the channel carries presence only
			ClusterMessage received = ClusterMessage.from(message.getBody());
			if (RedisPresenceLog.PRESENCE.equals(received.kind())) {
				presence.receive(received);
			}
		}, ChannelTopic.of(channel(cluster)));
		return container;
	}

	@Bean
	RedisSubscription eventSourceRedisSubscription(RedisMessageListenerContainer eventSourceRedisListenerContainer,
			EventSourceClusterProperties cluster) {
		String channel = channel(cluster);
		logger.info(LogMessage.format("Event source cluster mode: sharing events through Redis channel '%s'",
				channel));
		return new RedisSubscription(eventSourceRedisListenerContainer, channel, RETRY_INTERVAL);
	}

	private static String channel(EventSourceClusterProperties cluster) {
		return RedisEventLog.channel(cluster.getRedis().getKeyPrefix());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		MeterBinder eventSourceRedisMeterBinder(RedisEventLog log, RedisOutbox outbox, RedisPresence presence) {
			return (registry) -> {
				FunctionCounter.builder("eventsource.cluster.publish.failures", log.outage(), RedisOutage::publishFailures)
					.description("Events that were not published to the other instances, nor kept for replay")
					.register(registry);
				Gauge.builder("eventsource.cluster.outbox.events", outbox, RedisOutbox::size)
					.description("Events waiting to be published to Redis")
					.register(registry);
				Gauge.builder("eventsource.cluster.instances", presence, RedisPresence::instances)
					.description("Instances of the cluster alive at the last heartbeat")
					.register(registry);
				Gauge.builder("eventsource.cluster.streams", presence, RedisPresence::streams)
					.description("Open streams of the instances alive at the last heartbeat")
					.register(registry);
			};
		}

	}

}
