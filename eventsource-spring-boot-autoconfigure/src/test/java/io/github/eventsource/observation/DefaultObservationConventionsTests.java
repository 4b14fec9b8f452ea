package io.github.eventsource.observation;

import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.observation.SendObservationContext.Target;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultStreamObservationConvention} and
 * {@link DefaultSendObservationConvention}: the names and key values
 * {@code docs/observability.md} documents.
 */
class DefaultObservationConventionsTests {

	private final DefaultStreamObservationConvention streams = new DefaultStreamObservationConvention();

	private final DefaultSendObservationConvention sends = new DefaultSendObservationConvention();

	@Test
	void namesAStreamByItsPathPatternAndTellsItsOutcomeOnceItEnded() {
		StreamObservationContext context = new StreamObservationContext("/rooms/{room}", "/rooms/42", "s-1");
		assertThat(this.streams.getName()).isEqualTo("eventsource.stream");
		assertThat(this.streams.getContextualName(context)).isEqualTo("sse /rooms/{room}");
		assertThat(this.streams.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("endpoint", "/rooms/{room}"));
		context.setOutcome(StreamOutcome.CLIENT_GONE);
		assertThat(this.streams.getLowCardinalityKeyValues(context)).containsExactly(
				KeyValue.of("endpoint", "/rooms/{room}"), KeyValue.of("outcome", "client_gone"));
		assertThat(this.streams.getHighCardinalityKeyValues(context)).containsExactly(KeyValue.of("session.id", "s-1"));
	}

	@Test
	void recordsNoConcretePathOfAStream() {
		StreamObservationContext context = new StreamObservationContext("/answers/{id}", "/answers/secret-token", "s-2");
		context.setOutcome(StreamOutcome.COMPLETED);
		assertThat(this.streams.getLowCardinalityKeyValues(context).and(this.streams.getHighCardinalityKeyValues(context)))
			.noneMatch((value) -> value.getValue().contains("secret-token"));
	}

	@Test
	void namesASendByItsKindOfTargetAndRecordsPathsAndGroupsOnly() {
		SendObservationContext toPath = new SendObservationContext(Target.PATH, "/rooms/42");
		assertThat(this.sends.getName()).isEqualTo("eventsource.send");
		assertThat(this.sends.getContextualName(toPath)).isEqualTo("sse send path");
		assertThat(this.sends.getLowCardinalityKeyValues(toPath)).containsExactly(KeyValue.of("target", "path"));
		assertThat(this.sends.getHighCardinalityKeyValues(toPath)).containsExactly(KeyValue.of("target.name", "/rooms/42"));
		SendObservationContext toGroup = new SendObservationContext(Target.GROUP, "staff");
		assertThat(this.sends.getHighCardinalityKeyValues(toGroup)).containsExactly(KeyValue.of("target.name", "staff"));
		SendObservationContext toUser = new SendObservationContext(Target.USER, "alice");
		assertThat(this.sends.getLowCardinalityKeyValues(toUser)).containsExactly(KeyValue.of("target", "user"));
		assertThat(this.sends.getHighCardinalityKeyValues(toUser)).isEmpty();
		assertThat(this.sends.getHighCardinalityKeyValues(new SendObservationContext(Target.SESSION, "s-1"))).isEmpty();
	}

	@Test
	void documentsTheDefaultConventionsAndTheirKeys() {
		assertThat(EventSourceObservationDocumentation.STREAM.getDefaultConvention())
			.isEqualTo(DefaultStreamObservationConvention.class);
		assertThat(EventSourceObservationDocumentation.STREAM.getLowCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("endpoint", "outcome");
		assertThat(EventSourceObservationDocumentation.SEND.getDefaultConvention())
			.isEqualTo(DefaultSendObservationConvention.class);
		assertThat(EventSourceObservationDocumentation.SEND.getHighCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("target.name");
	}

}
