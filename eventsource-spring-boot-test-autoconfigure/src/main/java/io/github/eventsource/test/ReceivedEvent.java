package io.github.eventsource.test;

import org.jspecify.annotations.Nullable;

/**
 * One event as a client received it.
 *
 * @param name the event type: the {@code event:} field, or {@code message} for a nameless
 * event, as a browser's {@code EventSource} reports it
 * @param data the data, its lines joined with {@code \n}
 * @param id the last event id after this event, or {@code null} if none was ever sent
 * @since 0.1.0
 */
public record ReceivedEvent(String name, String data, @Nullable String id) {

	/**
	 * The type of an event sent without a name.
	 */
	public static final String NAMELESS = "message";

}
