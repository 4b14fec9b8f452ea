package io.github.eventsource.test;

import java.time.Duration;

import com.launchdarkly.eventsource.EventSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceTestClientAutoConfiguration}.
 */
class EventSourceTestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventSourceTestClientAutoConfiguration.class));

	@Test
	void createsClientBeforeTheServerHasAPort() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(EventSourceTestClient.class));
	}

	@Test
	void awaitsForTenSecondsByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(EventSourceTestClient.class).getAwaitTimeout())
			.isEqualTo(Duration.ofSeconds(10)));
	}

	@Test
	void awaitsForTheAwaitTimeoutProperty() {
		this.contextRunner.withPropertyValues("eventsource.test.client.await-timeout=750ms")
			.run((context) -> assertThat(context.getBean(EventSourceTestClient.class).getAwaitTimeout())
				.isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void failsOnAnAwaitTimeoutThatIsNoDuration() {
		this.contextRunner.withPropertyValues("eventsource.test.client.await-timeout=soon")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void backsOffWhenUserDefinesClient() {
		this.contextRunner.withUserConfiguration(CustomClient.class)
			.run((context) -> assertThat(context.getBeanNamesForType(EventSourceTestClient.class))
				.containsExactly("customClient"));
	}

	@Test
	void backsOffWithoutOkHttpEventSource() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EventSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceTestClient.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomClient {

		@Bean
		EventSourceTestClient customClient() {
			return new EventSourceTestClient(() -> "http://localhost:1");
		}

	}

}
