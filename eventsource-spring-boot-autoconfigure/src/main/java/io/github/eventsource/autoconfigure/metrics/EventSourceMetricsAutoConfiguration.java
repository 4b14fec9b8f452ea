package io.github.eventsource.autoconfigure.metrics;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.internal.HeartbeatScheduler;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Micrometer metrics of Server-Sent Events streams.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EventSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, EventSourceTemplate.class })
public final class EventSourceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerEventSourceObserver eventSourceMicrometerObserver(MeterRegistry registry, SessionRegistry sessions) {
		return new MicrometerEventSourceObserver(registry, sessions);
	}

	@Bean
	@ConditionalOnMissingBean
	EventSourceGauges eventSourceGauges(SessionRegistry sessions, ChannelRegistry channels,
			PresenceTracker presence, HeartbeatScheduler heartbeat) {
		return new EventSourceGauges(sessions, channels, presence, heartbeat);
	}

}
