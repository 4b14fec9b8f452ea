package io.github.eventsource.benchmark.server.starter;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

/**
 * The stream W4's stalled readers open: an empty comment on open, then only the flood.
 */
@EventSourceEndpoint("/stall")
class StallStream {

	@OnOpen
	void open(EventSourceSession session) {
		session.comment("");
	}

}
