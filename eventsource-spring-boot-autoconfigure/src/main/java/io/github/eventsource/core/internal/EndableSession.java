package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.core.StreamOutcome;

/**
 * A session that can be ended with the outcome that ends it, such as a shutdown or a
 * client gone, rather than {@link EventSourceSession#close() closed} as the application
 * closes it.
 */
public interface EndableSession extends EventSourceSession {

	/**
	 * End the session, once, whatever ends it; does nothing if it ended already.
	 * @param outcome why it ends
	 */
	void end(StreamOutcome outcome);

}
