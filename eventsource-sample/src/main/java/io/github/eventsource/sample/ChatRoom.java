package io.github.eventsource.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.presence.EventSourcePresence;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

/**
 * A chat room: {@code GET /rooms/{room}} streams the room's messages, replaying what a
 * reconnecting client missed (ids assigned by the starter); {@code POST /rooms/{room}}
 * with a text body of at most 64 KB sends a {@code message} event to the room and
 * answers 202 with the number of the room's streams on this instance (in the cluster
 * profile the other instances' streams get it too), or 503 if the event was refused (the
 * cluster's queue to Redis is full). A larger body is refused with 413 without being read
 * past the limit, and a post from a page of another origin with 403, so that no web page
 * can post into a room through its visitors' browsers. Every stream of a room is told who is there ({@code presence},
 * then {@code joined} and {@code left} events), and {@code GET /rooms/{room}/presence}
 * answers the room's snapshot as JSON: {@code {"count": n, "users": n, "members": [...]}},
 * at most {@value #MAX_MEMBERS} members.
 */
@RestController
@EventSourceEndpoint(path = "/rooms/{room}", replay = true, presence = true)
class ChatRoom {

	static final int MAX_MESSAGE_BYTES = 64 * 1024;

	static final int MAX_MEMBERS = 100;

	private final EventSourceTemplate template;

	private final EventSourcePresence presence;

	ChatRoom(EventSourceTemplate template, EventSourcePresence presence) {
		this.template = template;
		this.presence = presence;
	}

	@GetMapping("/rooms/{room}/presence")
	Snapshot presence(@PathVariable String room) {
		return this.presence.ofPath("/rooms/" + room, MAX_MEMBERS);
	}

	@PostMapping("/rooms/{room}")
	ResponseEntity<Integer> post(@PathVariable String room, HttpServletRequest request) throws IOException {
		if (!WebUtils.isSameOrigin(new ServletServerHttpRequest(request))) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}
		if (request.getContentLengthLong() > MAX_MESSAGE_BYTES) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		byte[] body = request.getInputStream().readNBytes(MAX_MESSAGE_BYTES + 1);
		if (body.length > MAX_MESSAGE_BYTES) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		String text = new String(body, StandardCharsets.UTF_8);
		BroadcastResult result = this.template.broadcast("/rooms/" + room, EventSourceEvent.of("message", text));
		if (!result.accepted()) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
		}
		return ResponseEntity.accepted().body(result.localStreams());
	}

}
