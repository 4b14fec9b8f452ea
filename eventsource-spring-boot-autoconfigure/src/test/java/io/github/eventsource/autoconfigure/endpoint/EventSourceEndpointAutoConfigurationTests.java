package io.github.eventsource.autoconfigure.endpoint;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceEndpointAutoConfiguration}.
 */
class EventSourceEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EndpointAutoConfiguration.class, EventSourceAutoConfiguration.class,
				EventSourceEndpointAutoConfiguration.class));

	@Test
	void createsEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=eventsource")
			.run((context) -> assertThat(context).hasSingleBean(EventSourceStreamsEndpoint.class));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EventSourceStreamsEndpoint.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=eventsource",
					"management.endpoint.eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceStreamsEndpoint.class));
	}

	@Test
	void backsOffWhenActuatorIsNotOnTheClasspath() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=eventsource")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceStreamsEndpoint.class));
	}

	@Test
	void backsOffWhenEventSourceIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=eventsource", "eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceStreamsEndpoint.class));
	}

}
