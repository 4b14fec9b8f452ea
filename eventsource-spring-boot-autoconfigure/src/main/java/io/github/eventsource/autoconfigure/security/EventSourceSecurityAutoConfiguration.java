package io.github.eventsource.autoconfigure.security;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.web.internal.StreamSecurityContextInterceptor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that lets streams behind Spring Security complete: the security
 * context that opened a stream authorizes its async dispatches.
 *
 * @since 0.1.0
 * @see StreamSecurityContextInterceptor
 */
@AutoConfiguration(after = EventSourceAutoConfiguration.class)
@ConditionalOnClass(RequestAttributeSecurityContextRepository.class)
@ConditionalOnBean(EventSourceTemplate.class)
public final class EventSourceSecurityAutoConfiguration {

	@Bean
	MappedInterceptor eventSourceSecurityContextInterceptor() {
		return new MappedInterceptor(null, new StreamSecurityContextInterceptor());
	}

}
