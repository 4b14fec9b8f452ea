package io.github.eventsource.autoconfigure.endpoint;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.autoconfigure.EventSourceProperties;
import io.github.eventsource.autoconfigure.EventSourceReplayProperties;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.internal.EndpointMappingRegistrar;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link EventSourceStreamsEndpoint eventsource} Actuator
 * endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EventSourceAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(EventSourceTemplate.class)
@ConditionalOnAvailableEndpoint(EventSourceStreamsEndpoint.class)
public final class EventSourceEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventSourceStreamsEndpoint eventSourceStreamsEndpoint(EndpointMappingRegistrar registrar,
			SessionRegistry sessions, ChannelRegistry channels, PresenceTracker presence,
			EventSourceReplayProperties replay, EventSourceProperties properties) {
		return new EventSourceStreamsEndpoint(registrar, sessions, channels, replay.isEnabled(), presence,
				properties.getActuator().isShowPaths());
	}

}
