package io.github.eventsource.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the observations of sends through the
 * {@code EventSourceTemplate}: define a bean of this type to name them and choose their
 * key values otherwise than {@link DefaultSendObservationConvention} does.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#SEND
 */
public interface SendObservationConvention extends ObservationConvention<SendObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SendObservationContext;
	}

}
