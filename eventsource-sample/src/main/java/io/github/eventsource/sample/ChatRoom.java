package io.github.eventsource.sample;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A chat room: {@code GET /rooms/{room}} streams the room's messages, replaying what a
 * reconnecting client missed (ids assigned by the starter); {@code POST /rooms/{room}}
 * with a text body sends a {@code message} event to the room.
 */
@RestController
@EventSourceEndpoint(path = "/rooms/{room}", replay = true)
class ChatRoom {

	private final EventSourceTemplate template;

	ChatRoom(EventSourceTemplate template) {
		this.template = template;
	}

	@PostMapping("/rooms/{room}")
	ResponseEntity<Integer> post(@PathVariable String room, @RequestBody String text) {
		int reached = this.template.broadcast("/rooms/" + room, EventSourceEvent.of("message", text));
		return ResponseEntity.accepted().body(reached);
	}

}
