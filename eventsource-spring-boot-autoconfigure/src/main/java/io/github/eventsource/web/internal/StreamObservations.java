package io.github.eventsource.web.internal;

import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.observation.DefaultStreamObservationConvention;
import io.github.eventsource.observation.EventSourceObservationDocumentation;
import io.github.eventsource.observation.StreamObservationContext;
import io.github.eventsource.observation.StreamObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Starts and stops the {@link EventSourceObservationDocumentation#STREAM observations} of
 * streams, with {@link ObservationRegistry#NOOP} at next to no cost, and holds the
 * {@link EventSourceObserver} told what happens within them (writes, overflows, replays,
 * heartbeats).
 */
public final class StreamObservations {

	private static final StreamObservationConvention DEFAULT_CONVENTION = new DefaultStreamObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable StreamObservationConvention convention;

	private final EventSourceObserver observer;

	/**
	 * Create the observations of streams.
	 * @param registry where they are recorded
	 * @param convention the application's convention, or {@code null} for the default
	 * @param observer told what happens to streams
	 */
	public StreamObservations(ObservationRegistry registry, @Nullable StreamObservationConvention convention,
			EventSourceObserver observer) {
		this.registry = registry;
		this.convention = convention;
		this.observer = observer;
	}

	/**
	 * Return the observer told what happens to streams.
	 * @return the observer
	 */
	public EventSourceObserver observer() {
		return this.observer;
	}

	/**
	 * Start the observation of a stream whose request arrived; its parent is the
	 * observation current on the calling thread, such as the HTTP request's.
	 * @param endpoint the endpoint's path pattern
	 * @param path the concrete path
	 * @param sessionId the session's id
	 * @return the started observation
	 */
	Observation start(String endpoint, String path, String sessionId) {
		return EventSourceObservationDocumentation.STREAM
			.observation(this.convention, DEFAULT_CONVENTION,
					() -> new StreamObservationContext(endpoint, path, sessionId), this.registry)
			.start();
	}

	/**
	 * Stop the observation of a stream that ended, with its outcome.
	 * @param observation the observation {@link #start started} for the stream
	 * @param outcome how the stream ended
	 * @param error what failed, for {@link StreamOutcome#ERROR}, or {@code null}
	 */
	static void stop(Observation observation, StreamOutcome outcome, @Nullable Throwable error) {
		if (observation.getContext() instanceof StreamObservationContext context) {
			context.setOutcome(outcome);
		}
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}
