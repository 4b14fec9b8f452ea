package io.github.eventsource.autoconfigure;

import java.time.Clock;

import io.github.eventsource.broadcast.ChannelRegistry;
import io.github.eventsource.broadcast.ChannelRegistry.ReplaySettings;
import io.github.eventsource.broadcast.DefaultEventSourceTemplate;
import io.github.eventsource.broadcast.EventDelivery;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.LocalEventDelivery;
import io.github.eventsource.core.CompositeEventSourceObserver;
import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.HeartbeatScheduler;
import io.github.eventsource.core.OutboundStream;
import io.github.eventsource.core.SessionRegistry;
import io.github.eventsource.core.StreamShutdown;
import io.github.eventsource.web.EndpointCorsConfigurationSource;
import io.github.eventsource.web.EndpointEmitterInterceptor;
import io.github.eventsource.web.EndpointMappingRegistrar;
import io.github.eventsource.web.SessionContext;
import io.github.eventsource.web.StreamSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.cors.CorsConfiguration;
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
		return new SessionRegistry(limits.getMaxConnections(), limits.getMaxConnectionsPerUser());
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelRegistry eventSourceChannelRegistry(EventSourceProperties properties) {
		EventSourceProperties.Replay replay = properties.getReplay();
		return new ChannelRegistry(new ReplaySettings(replay.isEnabled(), replay.getMaxEvents(),
				replay.getMaxBytes().toBytes(), replay.getMaxAge(), replay.getMaxTotalBytes().toBytes()),
				Clock.systemUTC());
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
	EndpointMappingRegistrar eventSourceEndpointMappingRegistrar(ApplicationContext context,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter, EventEncoder encoder,
			SessionRegistry sessions, ChannelRegistry channels, EventDelivery delivery, EventSourceProperties properties,
			ObjectProvider<EventSourceObserver> observers) {
		return new EndpointMappingRegistrar(context, mapping, adapter, new SessionContext(encoder, sessions,
				channels, delivery, streamSettings(properties), observer(observers)));
	}

	@Bean
	@ConditionalOnMissingBean
	HeartbeatScheduler eventSourceHeartbeatScheduler(SessionRegistry sessions, ChannelRegistry channels,
			EventSourceProperties properties, ObjectProvider<EventSourceObserver> observers) {
		return new HeartbeatScheduler(sessions, properties.getHeartbeat().getInterval(), observer(observers),
				channels::expire);
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
	SmartInitializingSingleton eventSourceCorsConfigurer(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			EventSourceProperties properties) {
		return () -> {
			CorsConfiguration endpoints = properties.getCors().toCorsConfiguration();
			if (endpoints != null) {
				EndpointCorsConfigurationSource.apply(mapping, endpoints);
			}
		};
	}

	private static EventSourceObserver observer(ObjectProvider<EventSourceObserver> observers) {
		return CompositeEventSourceObserver.of(observers.orderedStream().toList());
	}

	private static StreamSettings streamSettings(EventSourceProperties properties) {
		EventSourceProperties.Session session = properties.getSession();
		return new StreamSettings(properties.getRetry(), properties.getTimeout(),
				new OutboundStream.Bounds(session.getBufferSize(), session.getMaxBufferedBytes().toBytes(),
						session.getOverflow()),
				properties.getLastEventIdParameter(), properties.getReplay().getResetEvent(),
				properties.getLimits().getRetryAfter());
	}

}
