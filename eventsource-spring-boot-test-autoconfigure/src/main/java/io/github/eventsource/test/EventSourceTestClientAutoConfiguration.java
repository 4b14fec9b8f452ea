package io.github.eventsource.test;

import java.time.Duration;

import com.launchdarkly.eventsource.EventSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link EventSourceTestClient}, imported by
 * {@link AutoConfigureEventSourceTestClient @AutoConfigureEventSourceTestClient}.
 * <p>
 * The client finds the running server lazily, through {@link LocalTestWebServer}, so the
 * bean exists before the server's port does. Its await timeout is the property
 * {@code eventsource.test.client.await-timeout}, which the annotation's
 * {@link AutoConfigureEventSourceTestClient#awaitTimeout() awaitTimeout} sets. It reads
 * JSON data with the application's {@link JsonMapper}, or Jackson's defaults if there is
 * none.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ EventSource.class, LocalTestWebServer.class })
public final class EventSourceTestClientAutoConfiguration {

	static final String AWAIT_TIMEOUT_PROPERTY = "eventsource.test.client.await-timeout";

	@Bean
	@ConditionalOnMissingBean
	EventSourceTestClient eventSourceTestClient(ApplicationContext context, ObjectProvider<JsonMapper> jsonMapper) {
		Duration awaitTimeout = Binder.get(context.getEnvironment())
			.bind(AWAIT_TIMEOUT_PROPERTY, Duration.class)
			.orElse(EventSourceTestStream.DEFAULT_TIMEOUT);
		return new EventSourceTestClient(() -> LocalTestWebServer.obtain(context).uri(), awaitTimeout,
				jsonMapper.getIfUnique(JsonMapper::shared));
	}

}
