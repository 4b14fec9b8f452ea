package io.github.eventsource.core;

/**
 * What happens when a session's client reads slower than events are sent: when the
 * stream falls further behind than the log of one of its targets keeps, or when the
 * stream's own queue (what is sent to the session itself) is full.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

	/**
	 * Close the slow client's stream; it may reconnect and catch up through replay.
	 */
	DISCONNECT,

	/**
	 * Discard the oldest queued event to make room for the new one; skip the events a
	 * log no longer keeps.
	 */
	DROP_OLDEST,

	/**
	 * Discard the new event; skip the events a log no longer keeps.
	 */
	DROP_NEWEST

}
