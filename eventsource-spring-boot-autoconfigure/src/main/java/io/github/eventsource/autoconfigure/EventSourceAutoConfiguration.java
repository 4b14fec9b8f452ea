package io.github.eventsource.autoconfigure;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
import io.github.eventsource.core.SessionRegistry;
import io.github.eventsource.core.StreamShutdown;
import io.github.eventsource.web.EndpointCorsMappings;
import io.github.eventsource.web.EndpointEmitterInterceptor;
import io.github.eventsource.web.EndpointMappingRegistrar;
import io.github.eventsource.web.SessionContext;
import io.github.eventsource.web.StreamSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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

	private static final String WRITER_EXECUTOR = "eventSourceWriterExecutor";

	@Bean
	@ConditionalOnMissingBean
	SessionRegistry eventSourceSessionRegistry() {
		return new SessionRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelRegistry eventSourceChannelRegistry(EventSourceProperties properties) {
		EventSourceProperties.Replay replay = properties.getReplay();
		return new ChannelRegistry(new ReplaySettings(replay.isEnabled(), replay.getMaxEvents(), replay.getMaxAge()),
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

	/**
	 * Platform writer threads, interrupted on shutdown: a write blocked on a stalled
	 * client must not hold the context open.
	 */
	@Bean(name = WRITER_EXECUTOR, destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = WRITER_EXECUTOR)
	@ConditionalOnThreading(Threading.PLATFORM)
	ExecutorService eventSourceWriterExecutor(EventSourceProperties properties) {
		Integer configured = properties.getSession().getWriterThreads();
		int threads = (configured != null) ? configured
				: Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("eventsource-writer-");
		threadFactory.setDaemon(true);
		return Executors.newFixedThreadPool(threads, threadFactory);
	}

	/**
	 * A virtual thread per busy stream, when {@code spring.threads.virtual.enabled} is set
	 * on Java 21 or later.
	 */
	@Bean(WRITER_EXECUTOR)
	@ConditionalOnMissingBean(name = WRITER_EXECUTOR)
	@ConditionalOnThreading(Threading.VIRTUAL)
	SimpleAsyncTaskExecutor eventSourceVirtualThreadWriterExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("eventsource-writer-");
		executor.setVirtualThreads(true);
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointMappingRegistrar eventSourceEndpointMappingRegistrar(ApplicationContext context,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			@Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter, EventEncoder encoder,
			SessionRegistry sessions, ChannelRegistry channels, EventDelivery delivery,
			@Qualifier(WRITER_EXECUTOR) Executor writer, EventSourceProperties properties,
			ObjectProvider<EventSourceObserver> observers) {
		return new EndpointMappingRegistrar(context, mapping, adapter, new SessionContext(encoder, sessions,
				channels, delivery, writer, streamSettings(properties), observer(observers)));
	}

	@Bean
	@ConditionalOnMissingBean
	HeartbeatScheduler eventSourceHeartbeatScheduler(SessionRegistry sessions, EventSourceProperties properties,
			ObjectProvider<EventSourceObserver> observers) {
		return new HeartbeatScheduler(sessions, properties.getHeartbeat().getInterval(),
				observer(observers));
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

	private static StreamSettings streamSettings(EventSourceProperties properties) {
		EventSourceProperties.Session session = properties.getSession();
		EventSourceProperties.Limits limits = properties.getLimits();
		return new StreamSettings(properties.getRetry(), properties.getTimeout(), session.getBufferSize(),
				session.getOverflow(), properties.getLastEventIdParameter(), properties.getReplay().getResetEvent(),
				limits.getMaxConnections(), limits.getMaxConnectionsPerUser(), limits.getRetryAfter());
	}

}
