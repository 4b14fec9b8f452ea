package io.github.eventsource.test;

import com.launchdarkly.eventsource.EventSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link EventSourceTestClient}, imported by
 * {@link AutoConfigureEventSourceTestClient @AutoConfigureEventSourceTestClient}.
 * <p>
 * The client finds the running server lazily, through {@link LocalTestWebServer}, so the
 * bean exists before the server's port does.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ EventSource.class, LocalTestWebServer.class })
public final class EventSourceTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventSourceTestClient eventSourceTestClient(ApplicationContext context) {
		return new EventSourceTestClient(() -> LocalTestWebServer.obtain(context).uri());
	}

}
