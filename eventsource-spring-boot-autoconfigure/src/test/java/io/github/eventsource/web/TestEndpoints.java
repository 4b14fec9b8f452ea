package io.github.eventsource.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnClose;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Endpoints exercised by the integration tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TestEndpoints.Wire.class, TestEndpoints.Idle.class, TestEndpoints.Refused.class,
		TestEndpoints.Errored.class, TestEndpoints.Rejected.class, TestEndpoints.Rooms.class,
		TestEndpoints.Failing.class, TestEndpoints.Closing.class })
class TestEndpoints {

	static final List<String> closed = new CopyOnWriteArrayList<>();

	record Point(int x, String label) {
	}

	@EventSourceEndpoint("/wire")
	static class Wire {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("greeting", "a\nb\r\nc\rd", 1);
			session.send(new Point(3, "p"));
			session.send("héllo wörld ✓ 🐶");
			session.comment("note");
			session.send(EventSourceEvent.builder().name("tick").data("x").id("7").retry(java.time.Duration.ofMillis(300)).build());
		}

	}

	@EventSourceEndpoint(path = "/idle", retry = "300ms")
	static class Idle {

	}

	@EventSourceEndpoint("/refused")
	static class Refused {

		@CheckConnection
		boolean check(HttpServletResponse response) {
			response.setHeader("X-Refused", "yes");
			return false;
		}

		@OnOpen
		void open(EventSourceSession session) {
			closed.add("refused-open");
		}

	}

	@EventSourceEndpoint("/errored")
	static class Errored {

		@CheckConnection
		boolean check(EventSourceSession session) {
			session.error(401, "go away");
			return false;
		}

	}

	@EventSourceEndpoint("/rejected")
	static class Rejected {

		@CheckConnection
		void check() {
			throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "slow down");
		}

	}

	@EventSourceEndpoint({ "/rooms/{room}", "/halls/{room}" })
	static class Rooms {

		@CheckConnection
		boolean check(@PathVariable String room, HttpServletResponse response) {
			response.setHeader("X-Room", room);
			return !room.equals("secret");
		}

		@OnOpen
		void open(EventSourceSession session, @PathVariable int room, @RequestParam(defaultValue = "anon") String who,
				@RequestHeader(name = "X-Test", defaultValue = "-") String header,
				@CookieValue(name = "flavour", defaultValue = "-") String cookie, Map<String, Object> model) {
			session.send("joined", room + " " + who + " " + header + " " + cookie);
		}

		@OnClose
		void close(EventSourceSession session, @PathVariable String room) {
			closed.add(room);
		}

	}

	@EventSourceEndpoint("/failing")
	static class Failing {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("before");
			throw new IllegalStateException("boom");
		}

		@OnClose
		void close() {
			closed.add("failing");
		}

	}

	@EventSourceEndpoint("/closing")
	static class Closing {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("bye");
			session.close();
			closed.add("closing-sent:" + session.send("after"));
		}

	}

}
