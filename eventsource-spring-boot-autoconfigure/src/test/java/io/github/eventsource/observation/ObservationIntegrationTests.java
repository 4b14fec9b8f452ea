package io.github.eventsource.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.web.RawStream;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observation of real streams on a real server, recorded by a
 * {@link TestObservationRegistry} that validates every observation's life and traced by a
 * {@link SimpleTracer}: started when the request arrives, stopped when the stream ends,
 * with the outcome that ended it.
 */
@SpringBootTest(classes = ObservationIntegrationTests.ObservedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=100ms", "eventsource.session.max-buffered-events=8" })
@AutoConfigureEventSourceTestClient
class ObservationIntegrationTests {

	private static final String OBSERVED = "/observed/{name}";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Autowired
	EventSourceTestClient client;

	@Autowired
	TestObservationRegistry registry;

	@Autowired
	EventSourceTemplate template;

	@Test
	void observesAStreamFromItsOpeningToItsClientGoingAway() {
		try (EventSourceTestStream stream = this.client.connect("/observed/gone")) {
			assertThat(stream.awaitEvent(TIMEOUT).data()).isEqualTo("hello");
			StreamObservationContext context = stream("/observed/gone");
			assertThat(context.getOutcome()).isNull();
			assertThat(span(context).getEndTimestamp()).isEqualTo(Instant.EPOCH);
		}
		StreamObservationContext context = awaitEnded("/observed/gone");
		assertThat(context.getOutcome()).isEqualTo(StreamOutcome.CLIENT_GONE);
		ObservationContextAssert.assertThat(context)
			.hasNameEqualTo("eventsource.stream")
			.hasContextualNameEqualTo("sse " + OBSERVED)
			.hasLowCardinalityKeyValue("endpoint", OBSERVED)
			.hasLowCardinalityKeyValue("outcome", "client_gone")
			.hasHighCardinalityKeyValueWithKey("session.id")
			.doesNotHaveError();
		SimpleSpan span = span(context);
		assertThat(span.getName()).isEqualTo("sse " + OBSERVED);
		assertThat(span.getTags()).containsEntry("endpoint", OBSERVED).containsEntry("outcome", "client_gone");
	}

	@Test
	void observesAStreamTheApplicationCompleted() {
		try (EventSourceTestStream stream = this.client.connect("/observed/closing")) {
			assertThat(stream.awaitCompletion()).extracting((event) -> event.data()).containsExactly("bye");
		}
		StreamObservationContext context = awaitEnded("/observed/closing");
		ObservationContextAssert.assertThat(context).hasLowCardinalityKeyValue("outcome", "completed");
		assertThat(span(context).getTags()).containsEntry("outcome", "completed");
	}

	@Test
	void observesAStreamDisconnectedForOverflowingItsBuffer() {
		try (EventSourceTestStream stream = this.client.connect("/observed/flooding")) {
			stream.awaitClosed();
		}
		StreamObservationContext context = awaitEnded("/observed/flooding");
		ObservationContextAssert.assertThat(context).hasLowCardinalityKeyValue("outcome", "overflow");
	}

	@Test
	void observesARefusedRequestAsAStreamThatNeverOpened() {
		try (EventSourceTestStream stream = this.client.connect("/observed/denied")) {
			assertThat(stream.status()).isEqualTo(403);
		}
		StreamObservationContext context = awaitEnded("/observed/denied");
		ObservationContextAssert.assertThat(context)
			.hasLowCardinalityKeyValue("endpoint", OBSERVED)
			.hasLowCardinalityKeyValue("outcome", "refused");
		assertThat(span(context).getTags()).containsEntry("outcome", "refused");
	}

	@Test
	void observesAStreamWhoseOpenMethodFailedWithItsError() {
		try (EventSourceTestStream stream = this.client.connect("/observed/failing")) {
			stream.awaitClosed();
		}
		StreamObservationContext context = awaitEnded("/observed/failing");
		ObservationContextAssert.assertThat(context)
			.hasLowCardinalityKeyValue("outcome", "error")
			.assertThatError()
			.hasMessage("failing on purpose");
	}

	@Test
	void observesAStreamThatTimedOut() throws Exception {
		try (ConfigurableApplicationContext application = start("eventsource.timeout=300ms");
				RawStream stream = RawStream.open(port(application), "/observed/timing-out")) {
			stream.awaitEnd();
			TestObservationRegistry registry = application.getBean(TestObservationRegistry.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(registry).hasObservationWithNameEqualTo("eventsource.stream")
					.that()
					.hasBeenStarted()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("outcome", "timeout"));
		}
	}

	@Test
	void observesTheStreamsAShutdownEnded() throws Exception {
		ConfigurableApplicationContext application = start();
		TestObservationRegistry registry = application.getBean(TestObservationRegistry.class);
		try (RawStream stream = RawStream.open(port(application), "/observed/staying")) {
			stream.awaitBodyContaining("hello");
			application.close();
			stream.awaitEnd();
		}
		finally {
			application.close();
		}
		assertThat(registry).hasObservationWithNameEqualTo("eventsource.stream")
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "shutdown");
	}

	@Test
	void observesEachSendOfTheTemplateAsAChildOfTheCurrentObservation() {
		Observation parent = Observation.start("test.parent", this.registry);
		try (Observation.Scope scope = parent.openScope()) {
			this.template.broadcast("/observed/nobody", EventSourceEvent.of("tick", 1));
			this.template.broadcastToUser("alice", EventSourceEvent.of("tick", 2));
		}
		finally {
			parent.stop();
		}
		List<SendObservationContext> sends = sends();
		assertThat(sends).extracting(SendObservationContext::getTarget)
			.containsSubsequence(SendObservationContext.Target.PATH, SendObservationContext.Target.USER);
		SendObservationContext broadcast = sends.stream()
			.filter((send) -> send.getTargetName().equals("/observed/nobody"))
			.findFirst()
			.orElseThrow();
		ObservationContextAssert.assertThat(broadcast)
			.hasNameEqualTo("eventsource.send")
			.hasLowCardinalityKeyValue("target", "path")
			.hasHighCardinalityKeyValue("target.name", "/observed/nobody")
			.hasParentObservationContextMatching((context) -> context.getName().equals("test.parent"));
		SendObservationContext toUser = sends.stream()
			.filter((send) -> send.getTarget() == SendObservationContext.Target.USER)
			.findFirst()
			.orElseThrow();
		ObservationContextAssert.assertThat(toUser)
			.hasLowCardinalityKeyValue("target", "user")
			.doesNotHaveHighCardinalityKeyValueWithKey("target.name");
	}

	private StreamObservationContext awaitEnded(String path) {
		AtomicReference<@Nullable StreamObservationContext> ended = new AtomicReference<>();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			StreamObservationContext context = stream(path);
			assertThat(context.getOutcome()).isNotNull();
			assertThat(span(context).getEndTimestamp()).isNotEqualTo(Instant.EPOCH)
				.isAfterOrEqualTo(span(context).getStartTimestamp());
			ended.set(context);
		});
		return ended.get();
	}

	private StreamObservationContext stream(String path) {
		AtomicReference<@Nullable StreamObservationContext> found = new AtomicReference<>();
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
			.filteredOn((context) -> context instanceof StreamObservationContext stream && stream.getPath().equals(path))
			.singleElement()
			.satisfies((context) -> found.set((StreamObservationContext) context)));
		return found.get();
	}

	private List<SendObservationContext> sends() {
		AtomicReference<List<SendObservationContext>> found = new AtomicReference<>();
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> found.set(contexts.stream()
			.filter(SendObservationContext.class::isInstance)
			.map(SendObservationContext.class::cast)
			.toList()));
		return found.get();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ObservedApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext application) {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	private static SimpleSpan span(Observation.Context context) {
		return (SimpleSpan) context.<TracingContext>getRequired(TracingContext.class).getSpan();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Observed.class)
	static class ObservedApplication {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		TestObservationRegistry observationRegistry(SimpleTracer tracer) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

	}

	@EventSourceEndpoint(OBSERVED)
	static class Observed {

		@CheckConnection
		boolean check(@PathVariable String name) {
			return !name.equals("denied");
		}

		@OnOpen
		void open(EventSourceSession session, @PathVariable String name) {
			switch (name) {
				case "closing" -> {
					session.send("bye");
					session.close();
				}
				case "flooding" -> {
					for (int i = 0; i < 100; i++) {
						session.send("flood " + i);
					}
				}
				case "failing" -> throw new IllegalStateException("failing on purpose");
				default -> session.send("hello");
			}
		}

	}

}
