package io.github.eventsource.observation;

import java.util.Locale;

import io.github.eventsource.observation.EventSourceObservationDocumentation.SendHighCardinalityKeyNames;
import io.github.eventsource.observation.EventSourceObservationDocumentation.SendLowCardinalityKeyNames;
import io.github.eventsource.observation.SendObservationContext.Target;
import io.micrometer.common.KeyValues;

/**
 * The default {@link SendObservationConvention}: the observation is named
 * {@code eventsource.send}, its contextual name is {@code sse send} and the kind of target
 * (such as {@code sse send path}), its low-cardinality key value is the {@code target}
 * ({@code path}, {@code group}, {@code user} or {@code session}); its high-cardinality key
 * value {@code target.name} holds the concrete path or the group, never a user name or a
 * session id.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#SEND
 */
public class DefaultSendObservationConvention implements SendObservationConvention {

	private static final String NAME = "eventsource.send";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(SendObservationContext context) {
		return "sse send " + target(context);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SendObservationContext context) {
		return KeyValues.of(SendLowCardinalityKeyNames.TARGET.withValue(target(context)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(SendObservationContext context) {
		Target target = context.getTarget();
		return (target == Target.PATH || target == Target.GROUP)
				? KeyValues.of(SendHighCardinalityKeyNames.TARGET_NAME.withValue(context.getTargetName()))
				: KeyValues.empty();
	}

	private static String target(SendObservationContext context) {
		return context.getTarget().name().toLowerCase(Locale.ROOT);
	}

}
