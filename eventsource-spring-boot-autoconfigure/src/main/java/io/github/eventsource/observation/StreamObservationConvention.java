package io.github.eventsource.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the observations of streams: define a bean of this
 * type to name them and choose their key values otherwise than
 * {@link DefaultStreamObservationConvention} does, typically by extending it.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#STREAM
 */
public interface StreamObservationConvention extends ObservationConvention<StreamObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof StreamObservationContext;
	}

}
