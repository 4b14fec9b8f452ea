package io.github.eventsource.autoconfigure.durable;

import java.time.Clock;
import java.time.Duration;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.autoconfigure.EventSourceClusterProperties;
import io.github.eventsource.autoconfigure.cluster.redis.RedisClusterConnection;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.durable.DurableStreamAccess;
import io.github.eventsource.durable.DurableStreams;
import io.github.eventsource.durable.internal.DurableStreamsController;
import io.github.eventsource.durable.internal.DurableStreamsShutdown;
import io.github.eventsource.durable.internal.LocalDurableStreams;
import io.github.eventsource.durable.internal.RedisStreamScripts;
import io.github.eventsource.durable.internal.RedisStreamStore;
import io.github.eventsource.durable.internal.RedisStreamWatcher;
import io.github.eventsource.durable.internal.StreamStorage;
import io.github.eventsource.durable.internal.StreamStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Durable Streams server: streams in memory (in Redis in
 * cluster mode), the
 * {@link DurableStreams} API and, under {@code eventsource.durable-streams.path}, the
 * protocol over Spring MVC. Nothing is served unless the path is set.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EventSourceAutoConfiguration.class)
@ConditionalOnBean(EventSourceTemplate.class)
@ConditionalOnProperty("eventsource.durable-streams.path")
@EnableConfigurationProperties(DurableStreamsProperties.class)
public final class EventSourceDurableStreamsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EventSourceDurableStreamsAutoConfiguration.class);

	@Bean
	StreamStorage.Settings eventSourceDurableStreamSettings(DurableStreamsProperties properties) {
		StreamStorage.Settings settings = new StreamStorage.Settings();
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getMaxStreams).to(settings::setMaxStreams);
		map.from(properties::getMaxTotalSize).as(DataSize::toBytes).to(settings::setMaxTotalBytes);
		map.from(properties::getMaxStreamSize).as(DataSize::toBytes).to(settings::setMaxStreamBytes);
		map.from(properties::getMaxReadSize).as(DataSize::toBytes).to(settings::setMaxReadBytes);
		return settings;
	}

	@Bean
	DurableStreamsShutdown eventSourceDurableStreamsShutdown(StreamStorage store) {
		return new DurableStreamsShutdown(store);
	}

	@Bean
	@ConditionalOnMissingBean
	DurableStreams eventSourceDurableStreams(StreamStorage store, EventEncoder encoder) {
		return new LocalDurableStreams(store, encoder);
	}

	@Bean
	@ConditionalOnMissingBean
	DurableStreamAccess eventSourceDurableStreamAccess(DurableStreamsProperties properties) {
		boolean anonymousWrites = properties.isAnonymousWrites();
		return (operation, stream, request) -> !operation.isWrite() || anonymousWrites
				|| request.getUserPrincipal() != null;
	}

	@Bean
	WebMvcConfigurer eventSourceDurableStreamsCors(DurableStreamsProperties properties) {
		return new WebMvcConfigurer() {

			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (!properties.getAllowedOrigins().isEmpty()) {
					registry.addMapping(properties.getPath() + "/**")
						.allowedOriginPatterns(properties.getAllowedOrigins().toArray(String[]::new))
						.allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
						.allowedHeaders("*")
						.exposedHeaders(DurableStreamsController.EXPOSED_HEADERS.toArray(String[]::new));
				}
			}

		};
	}

	@Bean
	DurableStreamsController eventSourceDurableStreamsController(StreamStorage store, DurableStreamAccess access,
			DurableStreamsProperties properties) {
		String path = properties.getPath();
		logger.info(LogMessage.format("Durable Streams under %s (writes by %s)", path,
				properties.isAnonymousWrites() ? "anyone" : "authenticated requests"));
		DurableStreamsController.Live live = new DurableStreamsController.Live();
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getLongPollTimeout).as(Duration::toMillis).to(live::setLongPollTimeoutMillis);
		map.from(properties::getSseMaxDuration).as(Duration::toMillis).to(live::setSseMaxMillis);
		map.from(properties::getMaxAppendSize).as(DataSize::toBytes).to(live::setMaxAppendBytes);
		return new DurableStreamsController(store, access, (path != null) ? path : "", live, Clock.systemUTC());
	}

	/**
	 * Streams in this instance's memory, without the cluster mode.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "eventsource.cluster.mode", havingValue = "none", matchIfMissing = true)
	static class LocalStorageConfiguration {

		@Bean
		StreamStore eventSourceDurableStreamStore(StreamStorage.Settings settings) {
			return new StreamStore(settings, Clock.systemUTC());
		}

	}

	/**
	 * Streams in Redis in cluster mode ({@code eventsource.cluster.mode=redis}), on the
	 * cluster mode's connections and key prefix: every instance serves every stream.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "eventsource.cluster.mode", havingValue = "redis")
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisClusterConnection.class)
	static class RedisStorageConfiguration {

		/**
		 * Threads on which the live readers of an instance read streams from Redis.
		 */
		private static final int READER_THREADS = 4;

		@Bean
		RedisStreamScripts eventSourceDurableRedisScripts(RedisClusterConnection eventSourceRedisConnection,
				EventSourceClusterProperties cluster, DurableStreamsProperties properties) {
			return new RedisStreamScripts(
					RedisClusterConnection.bytesTemplate(eventSourceRedisConnection.connectionFactory()),
					cluster.getRedis().getKeyPrefix(), properties.getClusterMaxIdle());
		}

		@Bean
		RedisStreamWatcher eventSourceDurableRedisWatcher(RedisStreamScripts scripts,
				@Qualifier("eventSourceRedisListenerContainer") RedisMessageListenerContainer container,
				DurableStreamsProperties properties) {
			RedisStreamWatcher watcher = new RedisStreamWatcher(scripts, READER_THREADS,
					properties.getClusterCheckInterval());
			container.addMessageListener(watcher, ChannelTopic.of(scripts.channel()));
			return watcher;
		}

		@Bean
		RedisStreamStore eventSourceDurableRedisStreamStore(RedisStreamScripts scripts, RedisStreamWatcher watcher,
				StreamStorage.Settings settings, EventSourceClusterProperties cluster) {
			logger.info(LogMessage.format("Durable streams in Redis (cluster mode), key prefix '%s'",
					cluster.getRedis().getKeyPrefix()));
			return new RedisStreamStore(scripts, watcher, settings);
		}

	}

}
