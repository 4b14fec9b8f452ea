package io.github.eventsource.core;

/**
 * What happened to a stream's {@code Last-Event-ID} when it opened.
 *
 * @since 0.1.0
 */
public enum ReplayOutcome {

	/**
	 * No replay: the client sent no last event id, or replay is disabled.
	 */
	NONE,

	/**
	 * The events after the client's last event id were sent before anything live.
	 */
	REPLAYED,

	/**
	 * The last event id was unknown or older than the history: the client was sent the
	 * reset event and should reload its state.
	 */
	RESET

}
