package io.github.eventsource.autoconfigure.metrics;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceMetricsAutoConfiguration}.
 */
class EventSourceMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class, EventSourceMetricsAutoConfiguration.class));

	@Test
	void createsObserverWhenMeterRegistryIsPresent() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerEventSourceObserver.class));
	}

	@Test
	void backsOffWithoutMeterRegistryBean() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MicrometerEventSourceObserver.class));
	}

	@Test
	void backsOffWhenMicrometerIsNotOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerEventSourceObserver.class));
	}

	@Test
	void backsOffWhenEventSourceIsDisabled() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerEventSourceObserver.class));
	}

	@Test
	void backsOffWhenUserDefinesObserver() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class, CustomObserverConfiguration.class)
			.run((context) -> assertThat(context).getBeanNames(MicrometerEventSourceObserver.class)
				.containsExactly("customObserver"));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomObserverConfiguration {

		@Bean
		MicrometerEventSourceObserver customObserver(MeterRegistry registry) {
			return new MicrometerEventSourceObserver(registry, new SessionRegistry());
		}

	}

}
