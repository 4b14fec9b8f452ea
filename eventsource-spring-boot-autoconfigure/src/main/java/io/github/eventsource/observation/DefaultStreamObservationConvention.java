package io.github.eventsource.observation;

import java.util.Locale;

import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.observation.EventSourceObservationDocumentation.StreamHighCardinalityKeyNames;
import io.github.eventsource.observation.EventSourceObservationDocumentation.StreamLowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link StreamObservationConvention}: the observation is named
 * {@code eventsource.stream}, its contextual name is {@code sse} and the path pattern
 * (such as {@code sse /rooms/{room}}), its low-cardinality key values are the
 * {@code endpoint} (the path pattern) and, once the stream ended, the {@code outcome} (a
 * {@link StreamOutcome} in lower case, such as {@code client_gone}); its high-cardinality
 * key value is {@code session.id}. The concrete path, which may hold ids or tokens, is
 * not recorded.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#STREAM
 */
public class DefaultStreamObservationConvention implements StreamObservationConvention {

	private static final String NAME = "eventsource.stream";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(StreamObservationContext context) {
		return "sse " + context.getEndpoint();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(StreamObservationContext context) {
		KeyValues values = KeyValues.of(StreamLowCardinalityKeyNames.ENDPOINT.withValue(context.getEndpoint()));
		StreamOutcome outcome = context.getOutcome();
		return (outcome != null)
				? values.and(StreamLowCardinalityKeyNames.OUTCOME.withValue(outcome.name().toLowerCase(Locale.ROOT)))
				: values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(StreamObservationContext context) {
		return KeyValues.of(StreamHighCardinalityKeyNames.SESSION_ID.withValue(context.getSessionId()));
	}

}
