package io.github.eventsource.core;

/**
 * How a stream ended, or that it never opened: the {@code outcome} of its observation.
 *
 * @since 0.1.0
 */
public enum StreamOutcome {

	/**
	 * The application ended the stream: it called {@link EventSourceSession#close()}, the
	 * source {@code @OnOpen} returned completed or failed, or the resumable generation it
	 * followed ended.
	 */
	COMPLETED,

	/**
	 * The stream was open for {@code eventsource.timeout} and was completed; the client
	 * reconnects.
	 */
	TIMEOUT,

	/**
	 * The client went away: a write failed, the container reported the connection
	 * broken, or the stream could write nothing for two heartbeat intervals.
	 */
	CLIENT_GONE,

	/**
	 * The client read too slowly and the slow-consumer policy {@code disconnect} ended the
	 * stream.
	 */
	OVERFLOW,

	/**
	 * The application shut down and ended the stream.
	 */
	SHUTDOWN,

	/**
	 * The request was refused, by the {@code @CheckConnection} method or by a limit, and no
	 * stream opened.
	 */
	REFUSED,

	/**
	 * The stream failed: the {@code @CheckConnection} or {@code @OnOpen} method threw, or a
	 * write failed for another reason than the client going away. The observation holds
	 * the error.
	 */
	ERROR

}
