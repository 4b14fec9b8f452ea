package io.github.eventsource.autoconfigure.durable;

import java.time.Clock;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.durable.DurableStreamAccess;
import io.github.eventsource.durable.DurableStreams;
import io.github.eventsource.durable.internal.DurableStreamsController;
import io.github.eventsource.durable.internal.DurableStreamsShutdown;
import io.github.eventsource.durable.internal.LocalDurableStreams;
import io.github.eventsource.durable.internal.StreamStorage;
import io.github.eventsource.durable.internal.StreamStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.log.LogMessage;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Durable Streams server: streams in memory, the
 * {@link DurableStreams} API and, under {@code eventsource.durable-streams.path}, the
 * protocol over Spring MVC. Nothing is served unless the path is set.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EventSourceAutoConfiguration.class)
@ConditionalOnBean(EventEncoder.class)
@ConditionalOnProperty("eventsource.durable-streams.path")
@EnableConfigurationProperties(DurableStreamsProperties.class)
public final class EventSourceDurableStreamsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EventSourceDurableStreamsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	StreamStore eventSourceDurableStreamStore(DurableStreamsProperties properties) {
		return new StreamStore(new StreamStorage.Settings(properties.getMaxStreams(),
				properties.getMaxTotalSize().toBytes(), properties.getMaxStreamSize().toBytes(),
				properties.getMaxReadSize().toBytes()), Clock.systemUTC());
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
		return new DurableStreamsController(store, access, (path != null) ? path : "",
				new DurableStreamsController.Live(properties.getLongPollTimeout().toMillis(),
						properties.getSseMaxDuration().toMillis(), properties.getMaxAppendSize().toBytes()),
				Clock.systemUTC());
	}

}
