package io.github.eventsource.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.observation.DefaultSendObservationConvention;
import io.github.eventsource.observation.DefaultStreamObservationConvention;
import io.github.eventsource.observation.SendObservationConvention;
import io.github.eventsource.observation.StreamObservationConvention;
import io.github.eventsource.web.internal.StreamObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the observations {@link EventSourceAutoConfiguration} sets up: streams and
 * sends are observed with the application's {@link ObservationRegistry} and conventions,
 * and not at all without a registry.
 */
class EventSourceObservationConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class));

	@Test
	void observesSendsWithTheObservationRegistryBean() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
			context.getBean(EventSourceTemplate.class).broadcast("/rooms/42", EventSourceEvent.of("tick", 1));
			assertThat(context.getBean(TestObservationRegistry.class)).hasObservationWithNameEqualTo("eventsource.send")
				.that()
				.hasBeenStarted()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("target", "path")
				.hasHighCardinalityKeyValue("target.name", "/rooms/42");
		});
	}

	@Test
	void observesStreamsWithTheObservationRegistryBean() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class, RefusingEndpoint.class)
			.run((context) -> {
				assertThat(MockMvcTester.from(context).get().uri("/refusing")).hasStatus(403);
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("eventsource.stream")
					.that()
					.hasBeenStarted()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("endpoint", "/refusing")
					.hasLowCardinalityKeyValue("outcome", "refused");
			});
	}

	@Test
	void observesWithTheRegistryOfBootsObservationAutoConfiguration() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(RecordingHandlerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationRegistry.class).hasSingleBean(StreamObservations.class);
				context.getBean(EventSourceTemplate.class).broadcast("/rooms/42", EventSourceEvent.of("tick", 1));
				assertThat(context.getBean(RecordingHandler.class).stopped).containsExactly("eventsource.send");
			});
	}

	@Test
	void sendsUnobservedWithoutAnObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRegistry.class).hasSingleBean(StreamObservations.class);
			assertThat(context.getBean(EventSourceTemplate.class)
				.broadcast("/rooms/42", EventSourceEvent.of("tick", 1))
				.localStreams()).isZero();
		});
	}

	@Test
	void namesObservationsWithTheApplicationsConventions() {
		this.contextRunner
			.withUserConfiguration(ObservationRegistryConfiguration.class, CustomConventionsConfiguration.class,
					RefusingEndpoint.class)
			.run((context) -> {
				context.getBean(EventSourceTemplate.class).broadcastToGroup("staff", EventSourceEvent.of("tick", 1));
				assertThat(MockMvcTester.from(context).get().uri("/refusing")).hasStatus(403);
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				assertThat(registry).hasObservationWithNameEqualTo("chat.send")
					.that()
					.hasLowCardinalityKeyValue("target", "group");
				assertThat(registry).hasObservationWithNameEqualTo("chat.stream")
					.that()
					.hasLowCardinalityKeyValue("outcome", "refused");
				assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
					.noneMatch((observed) -> observed.getName().startsWith("eventsource.")));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationRegistryConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingHandlerConfiguration {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<String> stopped = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context.getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConventionsConfiguration {

		@Bean
		StreamObservationConvention chatStreamConvention() {
			return new DefaultStreamObservationConvention() {

				@Override
				public String getName() {
					return "chat.stream";
				}

			};
		}

		@Bean
		SendObservationConvention chatSendConvention() {
			return new DefaultSendObservationConvention() {

				@Override
				public String getName() {
					return "chat.send";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Refusing.class)
	static class RefusingEndpoint {

	}

	@EventSourceEndpoint("/refusing")
	static class Refusing {

		@CheckConnection
		boolean check() {
			return false;
		}

	}

}
