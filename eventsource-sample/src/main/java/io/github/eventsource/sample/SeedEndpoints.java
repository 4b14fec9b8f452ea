package io.github.eventsource.sample;

import java.util.Objects;
import java.util.UUID;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.PathVariable;

/**
 * The examples of tornado-eventsource, one endpoint each.
 */
final class SeedEndpoints {

	private SeedEndpoints() {
	}

	/**
	 * The seed's "another example": a nameless event on open, then the doges of the
	 * {@link DogeTicker}.
	 */
	@EventSourceEndpoint("/")
	static class Doge {

		@OnOpen
		void open(EventSourceSession session) {
			session.send(null, "Wow much nameless", UUID.randomUUID());
		}

	}

	/**
	 * A named event on open.
	 */
	@EventSourceEndpoint("/amazing")
	static class Amazing {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("doge_source", "much connection");
		}

	}

	/**
	 * A check that refuses every connection, as the seed does it.
	 */
	@EventSourceEndpoint("/forbidden")
	static class Forbidden {

		@CheckConnection
		boolean check(EventSourceSession session) {
			session.error(403, "forbidden");
			return false;
		}

	}

	/**
	 * A path variable that reaches the open method.
	 */
	@EventSourceEndpoint("/wow/{n}")
	static class Wow {

		@OnOpen
		void open(EventSourceSession session, @PathVariable String n) {
			session.send("such Wow " + n);
		}

	}

	/**
	 * A reconnection time sent on open.
	 */
	@EventSourceEndpoint(path = "/retry", retry = "300ms")
	static class Retry {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("retried");
		}

	}

	/**
	 * A custom response header set by the check.
	 */
	@EventSourceEndpoint("/header")
	static class Header {

		@CheckConnection
		boolean check(HttpServletResponse response) {
			response.setHeader("X-Doge-Header", "such header");
			return true;
		}

		@OnOpen
		void open(EventSourceSession session) {
			session.send("header");
		}

	}

	/**
	 * The client's last event id, sent back.
	 */
	@EventSourceEndpoint("/echo-last-id")
	static class EchoLastId {

		@OnOpen
		void open(EventSourceSession session) {
			session.send(Objects.requireNonNullElse(session.getLastEventId(), "none"));
		}

	}

	/**
	 * Text beyond ASCII.
	 */
	@EventSourceEndpoint("/unicode")
	static class Unicode {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("héllo wörld ✓ 🐶");
		}

	}

	/**
	 * Data with every kind of line break.
	 */
	@EventSourceEndpoint("/lines")
	static class Lines {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("a\nb\r\nc\rd");
		}

	}

}
