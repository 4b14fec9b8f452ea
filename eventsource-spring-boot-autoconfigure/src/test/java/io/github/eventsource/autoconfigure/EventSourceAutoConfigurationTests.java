package io.github.eventsource.autoconfigure;

import java.util.List;
import java.util.concurrent.Executor;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.broadcast.internal.PresenceCoalescing;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.presence.EventSourcePresence;
import io.github.eventsource.web.internal.EndpointMappingRegistrar;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EventSourceAutoConfiguration}.
 */
class EventSourceAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class));

	@Test
	void createsBeansInServletWebApplication() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(EventSourceTemplate.class)
			.hasSingleBean(SessionRegistry.class)
			.hasSingleBean(ChannelRegistry.class)
			.hasSingleBean(EndpointMappingRegistrar.class)
			.doesNotHaveBean(Executor.class));
	}

	@Test
	void tellsPresenceOfThisInstanceWithConfiguredEventNames() {
		this.contextRunner
			.withPropertyValues("eventsource.presence.snapshot-event=who", "eventsource.presence.joined-event=in",
					"eventsource.presence.left-event=out", "eventsource.presence.max-members=7",
					"eventsource.presence.count-event=how-many", "eventsource.presence.coalesce-above=50")
			.run((context) -> {
				assertThat(context).getBean(EventSourcePresence.class).isExactlyInstanceOf(PresenceTracker.class);
				PresenceSettings settings = context.getBean(PresenceAnnouncer.class).settings();
				assertThat(List.of(settings.snapshotEvent(), settings.joinedEvent(), settings.leftEvent(),
						settings.countEvent()))
					.containsExactly("who", "in", "out", "how-many");
				assertThat(settings.maxMembers()).isEqualTo(7);
				assertThat(settings.coalesceAbove()).isEqualTo(50);
				assertThat(context).hasSingleBean(PresenceCoalescing.class);
			});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("eventsource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceTemplate.class)
				.doesNotHaveBean(EndpointMappingRegistrar.class));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventSourceAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceTemplate.class));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SseEmitter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventSourceTemplate.class));
	}

	@Test
	void backsOffWhenUserDefinesTemplate() {
		this.contextRunner.withUserConfiguration(CustomBeans.class)
			.run((context) -> assertThat(context.getBeanNamesForType(EventSourceTemplate.class))
				.containsExactly("customTemplate"));
	}

	@Test
	void sizesSessionRegistryLimitsFromProperties() {
		this.contextRunner.withPropertyValues("eventsource.limits.max-connections=1").run((context) -> {
			SessionRegistry sessions = context.getBean(SessionRegistry.class);
			assertThat(sessions.register(registration("a"))).isEqualTo(SessionRegistry.Admission.ADMITTED);
			assertThat(sessions.register(registration("b"))).isEqualTo(SessionRegistry.Admission.TOO_MANY);
		});
	}

	@Test
	void capsStreamsPerAddressAtAQuarterOfMaxConnectionsByDefault() {
		this.contextRunner.withPropertyValues("eventsource.limits.max-connections=8").run((context) -> {
			SessionRegistry sessions = context.getBean(SessionRegistry.class);
			assertThat(sessions.register(registration("a"))).isEqualTo(SessionRegistry.Admission.ADMITTED);
			assertThat(sessions.register(registration("b"))).isEqualTo(SessionRegistry.Admission.ADMITTED);
			assertThat(sessions.register(registration("c"))).isEqualTo(SessionRegistry.Admission.TOO_MANY_FOR_ADDRESS);
		});
	}

	@Test
	void boundsOpeningRateOnlyWhenMaxOpensPerSecondIsSet() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OpeningRate.class));
		this.contextRunner
			.withPropertyValues("eventsource.limits.max-opens-per-second=1", "eventsource.limits.max-opens-burst=2")
			.run((context) -> {
				OpeningRate rate = context.getBean(OpeningRate.class);
				assertThat(rate.tryOpen("192.0.2.1")).isTrue();
				assertThat(rate.tryOpen("192.0.2.1")).isTrue();
				assertThat(rate.tryOpen("192.0.2.1")).isFalse();
				assertThat(rate.tryOpen("192.0.2.2")).isTrue();
			});
	}

	@Test
	void enablesReplayWithProperty() {
		this.contextRunner.withPropertyValues("eventsource.replay.enabled=true")
			.run((context) -> assertThat(context.getBean(ChannelRegistry.class).replays(Target.group("g"))).isTrue());
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ChannelRegistry.class).replays(Target.group("g"))).isFalse());
	}

	@Test
	void mapsEndpointsAtStartup() {
		this.contextRunner.withUserConfiguration(ValidEndpoint.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsWhenTwoEndpointsClaimSamePath() {
		this.contextRunner.withUserConfiguration(ValidEndpoint.class, SamePathEndpoint.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Path '/valid'")
				.hasMessageContaining("is already mapped by @EventSourceEndpoint bean"));
	}

	@Test
	void failsOnUnsupportedArgumentNamingTheMethod() {
		this.contextRunner.withUserConfiguration(UnsupportedArgumentEndpoint.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Unsupported argument 1 of type [java.lang.Thread]")
				.hasMessageContaining("UnsupportedArgumentEndpoint$Endpoint.open("));
	}

	@Test
	void failsOnSecondOnOpenMethod() {
		this.contextRunner.withUserConfiguration(TwoOpenEndpoint.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("has more than one @OnOpen method"));
	}

	@Test
	void failsOnCheckConnectionReturningString() {
		this.contextRunner.withUserConfiguration(BadCheckEndpoint.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("must return boolean or void"));
	}

	@Test
	void failsOnEndpointWithoutPath() {
		this.contextRunner.withUserConfiguration(NoPathEndpoint.class)
			.run((context) -> assertThat(context).hasFailed().getFailure().hasMessageContaining("declares no path"));
	}

	@Test
	void failsOnInvalidRetry() {
		this.contextRunner.withUserConfiguration(BadRetryEndpoint.class)
			.run((context) -> assertThat(context).hasFailed().getFailure().hasMessageContaining("invalid retry 'soon'"));
	}

	private static SessionRegistry.Registration registration(String id) {
		EventSourceSession session = mock(EventSourceSession.class);
		given(session.getId()).willReturn(id);
		return new SessionRegistry.Registration(session, mock(OutboundStream.class), "/valid");
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBeans {

		@Bean
		EventSourceTemplate customTemplate() {
			return mock(EventSourceTemplate.class);
		}

	}

	@Import(ValidEndpoint.Endpoint.class)
	static class ValidEndpoint {

		@EventSourceEndpoint("/valid")
		static class Endpoint {

			@OnOpen
			void open(EventSourceSession session) {
			}

		}

	}

	@Import(SamePathEndpoint.Endpoint.class)
	static class SamePathEndpoint {

		@EventSourceEndpoint("/valid")
		static class Endpoint {

		}

	}

	@Import(UnsupportedArgumentEndpoint.Endpoint.class)
	static class UnsupportedArgumentEndpoint {

		@EventSourceEndpoint("/unsupported")
		static class Endpoint {

			@OnOpen
			void open(EventSourceSession session, Thread thread) {
			}

		}

	}

	@Import(TwoOpenEndpoint.Endpoint.class)
	static class TwoOpenEndpoint {

		@EventSourceEndpoint("/two")
		static class Endpoint {

			@OnOpen
			void one() {
			}

			@OnOpen
			void two() {
			}

		}

	}

	@Import(BadCheckEndpoint.Endpoint.class)
	static class BadCheckEndpoint {

		@EventSourceEndpoint("/bad")
		static class Endpoint {

			@CheckConnection
			String check() {
				return "yes";
			}

		}

	}

	@Import(NoPathEndpoint.Endpoint.class)
	static class NoPathEndpoint {

		@EventSourceEndpoint
		static class Endpoint {

		}

	}

	@Import(BadRetryEndpoint.Endpoint.class)
	static class BadRetryEndpoint {

		@EventSourceEndpoint(path = "/retry", retry = "soon")
		static class Endpoint {

		}

	}

}
