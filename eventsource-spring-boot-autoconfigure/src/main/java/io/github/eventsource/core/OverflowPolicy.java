package io.github.eventsource.core;

/**
 * What happens when an event is sent to a session whose outbound buffer is full, because
 * its client reads slower than events are sent.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

	/**
	 * Close the slow client's stream; it may reconnect and catch up through replay.
	 */
	DISCONNECT,

	/**
	 * Discard the oldest queued event to make room for the new one.
	 */
	DROP_OLDEST,

	/**
	 * Discard the new event.
	 */
	DROP_NEWEST

}
