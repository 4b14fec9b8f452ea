package io.github.eventsource.observation;

import io.github.eventsource.core.StreamOutcome;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of a stream, from the request that asks for it to its
 * end: the endpoint's path pattern and the concrete path from the start, the outcome once
 * it ended.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#STREAM
 */
public class StreamObservationContext extends Observation.Context {

	private final String endpoint;

	private final String path;

	private final String sessionId;

	private volatile @Nullable StreamOutcome outcome;

	/**
	 * Create the context of a stream.
	 * @param endpoint the endpoint's path pattern, such as {@code /rooms/{room}}
	 * @param path the concrete path, such as {@code /rooms/42}
	 * @param sessionId the id of the stream's session
	 */
	public StreamObservationContext(String endpoint, String path, String sessionId) {
		this.endpoint = endpoint;
		this.path = path;
		this.sessionId = sessionId;
	}

	/**
	 * Return the path pattern of the stream's endpoint.
	 * @return the path pattern, such as {@code /rooms/{room}}
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the concrete path of the stream, which may hold ids or tokens.
	 * @return the path, such as {@code /rooms/42}
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the id of the stream's session, as {@code EventSourceSession.getId()} gives
	 * it.
	 * @return the session id
	 */
	public String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Return how the stream ended.
	 * @return the outcome, or {@code null} while the stream has not ended
	 */
	public @Nullable StreamOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the stream ended, once, just before its observation stops.
	 * @param outcome the outcome
	 */
	public void setOutcome(StreamOutcome outcome) {
		this.outcome = outcome;
	}

}
