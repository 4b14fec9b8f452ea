package io.github.eventsource.autoconfigure.security;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceSecurityAutoConfiguration}.
 */
class EventSourceSecurityAutoConfigurationTests {

	private static final String CONFIGURER = "eventSourceSecurityContextInterceptor";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class, EventSourceSecurityAutoConfiguration.class));

	@Test
	void keepsSecurityContextOfStreamsWhenSpringSecurityIsPresent() {
		this.contextRunner.run((context) -> assertThat(context).hasBean(CONFIGURER));
	}

	@Test
	void backsOffWhenSpringSecurityIsNotOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RequestAttributeSecurityContextRepository.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CONFIGURER));
	}

	@Test
	void backsOffWhenEventSourceIsDisabled() {
		this.contextRunner.withPropertyValues("eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CONFIGURER));
	}

}
