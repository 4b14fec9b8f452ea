package io.github.eventsource.web.internal;

import io.github.eventsource.core.EventSourceEvent;
import org.jspecify.annotations.Nullable;

/**
 * Where a source's events go: a stream, or a generation that streams share.
 */
interface SourceSink {

	/**
	 * Send an event.
	 * @param event the event
	 * @return whether it was taken: {@code false} ends the source
	 */
	boolean send(EventSourceEvent event);

	/**
	 * Return whether the sink takes another event now without filling up.
	 * @return whether the source may be asked for more
	 */
	boolean hasRoom();

	/**
	 * Send the last event, if any, and end.
	 * @param last the completion or error event, or {@code null}
	 */
	void complete(@Nullable EventSourceEvent last);

}
