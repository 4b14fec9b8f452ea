package io.github.eventsource.benchmark.server.starter;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

/**
 * The stream of one room that W8's streams open: an empty comment on open, then only the
 * posts to that room.
 */
@EventSourceEndpoint("/rooms/{room}")
class RoomStream {

	@OnOpen
	void open(EventSourceSession session) {
		session.comment("");
	}

}
