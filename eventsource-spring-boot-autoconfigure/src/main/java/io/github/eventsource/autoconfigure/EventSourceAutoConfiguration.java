package io.github.eventsource.autoconfigure;

import java.time.Clock;
import java.util.Objects;

import io.github.eventsource.autoconfigure.EventSourceLimitsProperties.RefusalResponse;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.ChannelRegistry.ReplaySettings;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.DefaultEventSourceTemplate;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.LocalEventDelivery;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.broadcast.internal.PresenceCoalescing;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.internal.CompositeEventSourceObserver;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.LogBounds;
import io.github.eventsource.core.internal.Expirable;
import io.github.eventsource.core.internal.HeartbeatScheduler;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.core.internal.StreamShutdown;
import io.github.eventsource.core.internal.StreamWriters;
import io.github.eventsource.observation.SendObservationConvention;
import io.github.eventsource.observation.StreamObservationConvention;
import io.github.eventsource.web.internal.EndpointCorsMappings;
import io.github.eventsource.web.internal.EndpointEmitterInterceptor;
import io.github.eventsource.web.internal.EndpointMappingRegistrar;
import io.github.eventsource.web.internal.EndpointStreams;
import io.github.eventsource.web.internal.GenerationMirror;
import io.github.eventsource.web.internal.Generations;
import io.github.eventsource.web.internal.SessionTargets;
import io.github.eventsource.web.internal.StreamAdmission;
import io.github.eventsource.web.internal.StreamObservations;
import io.github.eventsource.web.internal.StreamSettings;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Server-Sent Events endpoints on Spring MVC.
 * <p>
 * The runtime's parts are beans so that the other auto-configurations (cluster mode,
 * metrics, Actuator, Durable Streams) share them, but none is meant to be replaced: the
 * extension points are the public types, {@link EventSourceTemplate} and
 * {@link EventSourceObserver}. Without the cluster mode, delivery and presence are this
 * instance's own; with {@code eventsource.cluster.mode=redis}, the Redis
 * auto-configuration provides them, and the application fails to start when Spring Data
 * Redis or its connection factory is missing, rather than deliver to the streams of one
 * instance only.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty(name = "eventsource.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EventSourceProperties.class, EventSourceReplayProperties.class,
		EventSourceResumableProperties.class, EventSourceLimitsProperties.class, EventSourcePresenceProperties.class,
		EventSourceCorsProperties.class, EventSourceClusterProperties.class })
public final class EventSourceAutoConfiguration {

	@Bean
	SessionRegistry eventSourceSessionRegistry(EventSourceLimitsProperties limits) {
		SessionRegistry registry = new SessionRegistry();
		PropertyMapper map = PropertyMapper.get();
		map.from(limits::getMaxConnections).to(registry::setMaxSessions);
		map.from(limits::getMaxConnectionsPerUser).to(registry::setMaxSessionsPerUser);
		map.from(limits::getMaxConnectionsPerAddress)
			.orFrom(() -> defaultMaxConnectionsPerAddress(limits))
			.to(registry::setMaxSessionsPerAddress);
		return registry;
	}

	/**
	 * A quarter of the instance's limit: one address never takes every slot, and four are
	 * needed to fill it. Without an instance limit, a quarter of Tomcat's default of 8,192
	 * connections.
	 */
	private static int defaultMaxConnectionsPerAddress(EventSourceLimitsProperties limits) {
		Integer max = limits.getMaxConnections();
		return (max != null) ? Math.max(1, max / 4) : 2048;
	}

	@Bean
	ChannelRegistry eventSourceChannelRegistry(EventSourceReplayProperties replay, EventSourceClusterProperties cluster,
			StreamSettings streams) {
		ReplaySettings settings = new ReplaySettings();
		PropertyMapper map = PropertyMapper.get();
		map.from(replay::isEnabled).to(settings::setEnabled);
		LogBounds history = settings.history();
		map.from(replay::getMaxEvents).to(history::setMaxEvents);
		map.from(replay::getMaxBytes).as(DataSize::toBytes).to(history::setMaxBytes);
		map.from(replay::getMaxAge).to(history::setMaxAge);
		map.from(replay::getMaxTotalBytes).as(DataSize::toBytes).to(settings::setMaxTotalBytes);
		map.from(cluster::getMode).as(EventSourceClusterProperties.Mode.REDIS::equals).to(settings::setKeptElsewhere);
		return new ChannelRegistry(settings, streams.bounds(), Clock.systemUTC());
	}

	@Bean
	EventEncoder eventSourceEventEncoder(
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter) {
		return new EventEncoder(adapter.getMessageConverters());
	}

	@Bean
	@ConditionalOnMissingBean
	EventSourceTemplate eventSourceTemplate(EventDelivery delivery,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<SendObservationConvention> observationConvention) {
		return new DefaultEventSourceTemplate(delivery, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				observationConvention.getIfUnique());
	}

	@Bean
	StreamObservations eventSourceStreamObservations(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<StreamObservationConvention> observationConvention,
			ObjectProvider<EventSourceObserver> observers) {
		return new StreamObservations(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				observationConvention.getIfUnique(), CompositeEventSourceObserver.of(observers.orderedStream().toList()));
	}

	@Bean
	Generations eventSourceGenerations(EventEncoder encoder, ChannelRegistry channels,
			EventSourceResumableProperties resumable, ObjectProvider<GenerationMirror> mirror) {
		Generations.Settings settings = new Generations.Settings();
		PropertyMapper map = PropertyMapper.get();
		map.from(resumable::getGrace).to(settings::setGrace);
		map.from(resumable::getRetention).to(settings::setRetention);
		map.from(resumable::getMaxGenerations).to(settings::setMaxGenerations);
		map.from(resumable::getMaxGenerationsPerEndpoint)
			.orFrom(resumable::getMaxGenerations)
			.to(settings::setMaxPerEndpoint);
		map.from(resumable::getMaxGenerationsPerClient).to(settings::setMaxPerClient);
		map.from(resumable::getAbandonedGrace).to(settings::setAbandonedGrace);
		map.from(resumable::getAbandonedWithin).to(settings::setAbandonedWithin);
		settings.setHistory(channels.history());
		return new Generations(encoder, channels.timeline(), settings, mirror.getIfAvailable());
	}

	@Bean
	PresenceAnnouncer eventSourcePresenceAnnouncer(ChannelRegistry channels, SessionRegistry sessions,
			EventEncoder encoder, EventSourcePresenceProperties presence) {
		PresenceSettings settings = new PresenceSettings();
		PropertyMapper map = PropertyMapper.get();
		map.from(presence::getSnapshotEvent).to(settings::setSnapshotEvent);
		map.from(presence::getJoinedEvent).to(settings::setJoinedEvent);
		map.from(presence::getLeftEvent).to(settings::setLeftEvent);
		map.from(presence::getCountEvent).to(settings::setCountEvent);
		map.from(presence::getMaxMembers).to(settings::setMaxMembers);
		map.from(presence::getCoalesceAbove).to(settings::setCoalesceAbove);
		return new PresenceAnnouncer(channels, sessions, encoder, settings);
	}

	@Bean
	PresenceCoalescing eventSourcePresenceCoalescing(PresenceTracker presence,
			EventSourcePresenceProperties properties) {
		return new PresenceCoalescing(presence::announceCounts, properties.getCoalesceInterval());
	}

	@Bean
	StreamSettings eventSourceStreamSettings(EventSourceProperties properties, EventSourceReplayProperties replay,
			EventSourceLimitsProperties limits) {
		StreamSettings settings = new StreamSettings();
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getRetry).to(settings::setRetry);
		map.from(properties::getTimeout).to(settings::setTimeout);
		map.from(properties::getLastEventIdParameter).to(settings::setLastEventIdParameter);
		EventSourceProperties.Session session = properties.getSession();
		map.from(session::getMaxBufferedEvents).to(settings::setMaxBufferedEvents);
		map.from(session::getMaxBufferedBytes).as(DataSize::toBytes).to(settings::setMaxBufferedBytes);
		map.from(session::getOverflow).to(settings::setOverflow);
		map.from(replay::getResetEvent).to(settings::setResetEvent);
		map.from(limits::getRefusal)
			.as(RefusalResponse.RECONNECT::equals)
			.to(settings::setReconnectWhenRefused);
		map.from(limits::getRetryAfter).to(settings::setRetryAfter);
		return settings;
	}

	@Bean
	SessionTargets eventSourceSessionTargets(EventEncoder encoder, ChannelRegistry channels, EventDelivery delivery,
			PresenceTracker presence) {
		return new SessionTargets(encoder, channels, delivery, presence);
	}

	@Bean
	EndpointStreams eventSourceEndpointStreams(SessionTargets targets, StreamObservations observations,
			SessionRegistry sessions, StreamWriters writers, StreamSettings settings) {
		return new EndpointStreams(targets, observations, sessions, writers, settings);
	}

	@Bean
	StreamAdmission eventSourceStreamAdmission(SessionRegistry sessions, ObjectProvider<OpeningRate> openingRate,
			Generations generations, StreamSettings settings) {
		return new StreamAdmission(sessions, openingRate.getIfAvailable(), generations, settings);
	}

	@Bean
	EndpointMappingRegistrar eventSourceEndpointMappingRegistrar(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter, EndpointStreams streams,
			StreamAdmission admission, StreamSettings settings) {
		return new EndpointMappingRegistrar(mapping, adapter, streams, admission, settings);
	}

	@Bean
	StreamWriters eventSourceStreamWriters(Environment environment) {
		return new StreamWriters(Threading.VIRTUAL.isActive(environment));
	}

	@Bean
	@ConditionalOnProperty("eventsource.limits.max-opens-per-second")
	OpeningRate eventSourceOpeningRate(EventSourceLimitsProperties limits) {
		return new OpeningRate(Objects.requireNonNull(limits.getMaxOpensPerSecond()), limits.getMaxOpensBurst());
	}

	@Bean
	HeartbeatScheduler eventSourceHeartbeatScheduler(SessionRegistry sessions, EventSourceProperties properties,
			StreamObservations observations, ObjectProvider<Expirable> expirables, StreamWriters writers) {
		return new HeartbeatScheduler(sessions, properties.getHeartbeat().getInterval(), observations.observer(),
				expirables.orderedStream().toList(), writers.executor());
	}

	@Bean
	StreamShutdown eventSourceStreamShutdown(SessionRegistry sessions, EventEncoder encoder,
			EventSourceProperties properties) {
		EventSourceProperties.Shutdown shutdown = properties.getShutdown();
		return new StreamShutdown(sessions, encoder, shutdown.getFarewellEvent(), shutdown.getReconnectSpread(),
				shutdown.getTimeout());
	}

	@Bean
	MappedInterceptor eventSourceEmitterInterceptor() {
		return new MappedInterceptor(null, new EndpointEmitterInterceptor());
	}

	@Bean
	EndpointCorsMappings eventSourceCorsMappings(ApplicationContext context, EventSourceCorsProperties cors) {
		return new EndpointCorsMappings(context, cors.toCorsConfiguration());
	}

	/**
	 * Delivery and presence of this instance's own streams, without the cluster mode.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "eventsource.cluster.mode", havingValue = "none", matchIfMissing = true)
	static class LocalDeliveryConfiguration {

		@Bean
		EventDelivery eventSourceDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder) {
			return new LocalEventDelivery(channels, sessions, encoder);
		}

		@Bean
		PresenceTracker eventSourcePresence(PresenceAnnouncer announcer) {
			return new PresenceTracker(announcer, Clock.systemUTC());
		}

	}

	/**
	 * The cluster mode asked for without Spring Data Redis or a Redis connection factory.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "eventsource.cluster.mode", havingValue = "redis")
	@ConditionalOnMissingBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class UnavailableClusterConfiguration {

		@Bean
		Object eventSourceClusterModeUnavailable() {
			throw new IllegalStateException("eventsource.cluster.mode=redis needs Spring Data Redis "
					+ "(spring-boot-starter-data-redis) and a RedisConnectionFactory, such as the one Spring Boot "
					+ "configures from spring.data.redis.*");
		}

	}

}
