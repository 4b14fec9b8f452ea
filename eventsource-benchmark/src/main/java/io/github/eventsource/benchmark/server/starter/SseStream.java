package io.github.eventsource.benchmark.server.starter;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

/**
 * The benchmark's stream: an empty comment on open, then whatever is broadcast.
 */
@EventSourceEndpoint("/sse")
class SseStream {

	@OnOpen
	void open(EventSourceSession session) {
		session.comment("");
	}

}
