package io.github.eventsource.autoconfigure;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.ChannelRegistry.ReplaySettings;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.DefaultEventSourceTemplate;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.LocalEventDelivery;
import io.github.eventsource.broadcast.internal.LocalPresence;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.broadcast.internal.PresenceCoalescing;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.internal.CompositeEventSourceObserver;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.HeartbeatScheduler;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.StreamWriters;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.core.internal.StreamShutdown;
import io.github.eventsource.web.internal.EndpointCorsMappings;
import io.github.eventsource.web.internal.EndpointEmitterInterceptor;
import io.github.eventsource.web.internal.EndpointMappingRegistrar;
import io.github.eventsource.autoconfigure.EventSourceProperties.Limits.RefusalResponse;
import io.github.eventsource.web.internal.GenerationMirror;
import io.github.eventsource.web.internal.Generations;
import io.github.eventsource.web.internal.LoadRefusals;
import io.github.eventsource.web.internal.SessionContext;
import io.github.eventsource.web.internal.StreamSettings;

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
import org.springframework.boot.thread.Threading;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Server-Sent Events endpoints on Spring MVC.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty(name = "eventsource.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventSourceProperties.class)
public final class EventSourceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessionRegistry eventSourceSessionRegistry(EventSourceProperties properties) {
		EventSourceProperties.Limits limits = properties.getLimits();
		return new SessionRegistry(new SessionRegistry.Limits(limits.getMaxConnections(),
				limits.getMaxConnectionsPerUser(), maxConnectionsPerAddress(limits)));
	}

	/**
	 * The per-address limit, or by default a quarter of the instance's: one address never
	 * takes every slot, and four are needed to fill it. Without an instance limit, a
	 * quarter of Tomcat's default of 8,192 connections.
	 */
	private static int maxConnectionsPerAddress(EventSourceProperties.Limits limits) {
		if (limits.getMaxConnectionsPerAddress() != null) {
			return limits.getMaxConnectionsPerAddress();
		}
		return (limits.getMaxConnections() != null) ? Math.max(1, limits.getMaxConnections() / 4) : 2048;
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelRegistry eventSourceChannelRegistry(EventSourceProperties properties) {
		EventSourceProperties.Replay replay = properties.getReplay();
		EventSourceProperties.Session session = properties.getSession();
		return new ChannelRegistry(new ReplaySettings(replay.isEnabled(), replay.getMaxEvents(),
				replay.getMaxBytes().toBytes(), replay.getMaxAge(), replay.getMaxTotalBytes().toBytes(),
				session.getMaxBufferedEvents(), session.getMaxBufferedBytes().toBytes()), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	EventEncoder eventSourceEventEncoder(
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter) {
		return new EventEncoder(adapter.getMessageConverters());
	}

	@Bean
	@ConditionalOnMissingBean
	EventDelivery eventSourceDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder) {
		return new LocalEventDelivery(channels, sessions, encoder);
	}

	@Bean
	@ConditionalOnMissingBean
	EventSourceTemplate eventSourceTemplate(EventDelivery delivery) {
		return new DefaultEventSourceTemplate(delivery);
	}

	@Bean
	@ConditionalOnMissingBean
	Generations eventSourceGenerations(EventEncoder encoder, ChannelRegistry channels,
			EventSourceProperties properties, ObjectProvider<GenerationMirror> mirror) {
		EventSourceProperties.Resumable resumable = properties.getResumable();
		EventSourceProperties.Replay replay = properties.getReplay();
		Integer perEndpoint = resumable.getMaxGenerationsPerEndpoint();
		return new Generations(encoder, channels.timeline(),
				new Generations.Settings(resumable.getGrace(), resumable.getRetention(), resumable.getMaxGenerations(),
						replay.getMaxEvents(), replay.getMaxBytes().toBytes(),
						(perEndpoint != null) ? perEndpoint : resumable.getMaxGenerations(),
						resumable.getMaxGenerationsPerClient(), resumable.getAbandonedGrace(),
						resumable.getAbandonedWithin()),
				mirror.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	PresenceAnnouncer eventSourcePresenceAnnouncer(ChannelRegistry channels, SessionRegistry sessions,
			EventEncoder encoder, EventSourceProperties properties) {
		EventSourceProperties.Presence presence = properties.getPresence();
		return new PresenceAnnouncer(channels, sessions, encoder,
				new PresenceSettings(presence.getSnapshotEvent(), presence.getJoinedEvent(), presence.getLeftEvent(),
						presence.getCountEvent(), presence.getMaxMembers(), presence.getCoalesceAbove()));
	}

	@Bean
	@ConditionalOnMissingBean
	PresenceTracker eventSourcePresence(PresenceAnnouncer announcer) {
		return new LocalPresence(announcer, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	PresenceCoalescing eventSourcePresenceCoalescing(PresenceTracker presence, EventSourceProperties properties) {
		return new PresenceCoalescing(presence, properties.getPresence().getCoalesceInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointMappingRegistrar eventSourceEndpointMappingRegistrar(ApplicationContext context,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter, EventEncoder encoder,
			SessionRegistry sessions, ChannelRegistry channels, EventDelivery delivery, Generations generations,
			EventSourceProperties properties, ObjectProvider<EventSourceObserver> observers, Environment environment,
			PresenceTracker presence, StreamWriters writers, ObjectProvider<OpeningRate> openingRate) {
		return new EndpointMappingRegistrar(context, mapping, adapter,
				new SessionContext(encoder, sessions, channels, delivery, streamSettings(properties),
						observer(observers), generations, streamExecutor(environment), writers.executor(), presence,
						openingRate.getIfAvailable()));
	}

	@Bean
	StreamWriters eventSourceStreamWriters() {
		return new StreamWriters();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("eventsource.limits.max-opens-per-second")
	OpeningRate eventSourceOpeningRate(EventSourceProperties properties) {
		EventSourceProperties.Limits limits = properties.getLimits();
		return new OpeningRate(Objects.requireNonNull(limits.getMaxOpensPerSecond()), limits.getMaxOpensBurst());
	}

	@Bean
	@ConditionalOnMissingBean
	HeartbeatScheduler eventSourceHeartbeatScheduler(SessionRegistry sessions, ChannelRegistry channels,
			Generations generations, EventSourceProperties properties, ObjectProvider<EventSourceObserver> observers,
			StreamWriters writers, ObjectProvider<OpeningRate> openingRate) {
		return new HeartbeatScheduler(sessions, properties.getHeartbeat().getInterval(), observer(observers), () -> {
			channels.expire();
			generations.expire();
			openingRate.ifAvailable(OpeningRate::expire);
		}, writers.executor());
	}

	@Bean
	@ConditionalOnMissingBean
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
	EndpointCorsMappings eventSourceCorsMappings(ApplicationContext context, EventSourceProperties properties) {
		return new EndpointCorsMappings(context, EndpointCors.configuration(properties.getCors()));
	}

	private static EventSourceObserver observer(ObjectProvider<EventSourceObserver> observers) {
		return CompositeEventSourceObserver.of(observers.orderedStream().toList());
	}

	/**
	 * Iterates the {@code Stream}s that endpoints return, which may block: a thread while a
	 * stream has demand, virtual when the application enables virtual threads.
	 */
	private static Executor streamExecutor(Environment environment) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("eventsource-stream-");
		executor.setDaemon(true);
		executor.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		return executor;
	}

	private static StreamSettings streamSettings(EventSourceProperties properties) {
		EventSourceProperties.Session session = properties.getSession();
		return new StreamSettings(properties.getRetry(), properties.getTimeout(),
				new OutboundStream.Bounds(session.getMaxBufferedEvents(), session.getMaxBufferedBytes().toBytes(),
						session.getOverflow()),
				properties.getLastEventIdParameter(), properties.getReplay().getResetEvent(),
				new LoadRefusals(properties.getLimits().getRefusal() == RefusalResponse.RECONNECT,
						properties.getLimits().getRetryAfter()));
	}

}
