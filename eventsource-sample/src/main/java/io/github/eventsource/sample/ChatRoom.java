package io.github.eventsource.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

/**
 * A chat room: {@code GET /rooms/{room}} streams the room's messages, replaying what a
 * reconnecting client missed (ids assigned by the starter); {@code POST /rooms/{room}}
 * with a text body of at most 64 KB sends a {@code message} event to the room. A larger
 * body is refused with 413 without being read past the limit, and a post from a page of
 * another origin with 403, so that no web page can post into a room through its
 * visitors' browsers.
 */
@RestController
@EventSourceEndpoint(path = "/rooms/{room}", replay = true)
class ChatRoom {

	static final int MAX_MESSAGE_BYTES = 64 * 1024;

	private final EventSourceTemplate template;

	ChatRoom(EventSourceTemplate template) {
		this.template = template;
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
		int reached = this.template.broadcast("/rooms/" + room, EventSourceEvent.of("message", text));
		return ResponseEntity.accepted().body(reached);
	}

}
