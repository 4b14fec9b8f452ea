package io.github.eventsource.http2;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnClose;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Endpoints for the HTTP/2 tests: {@code /h2/{name}} says on open its session id, the
 * request's protocol and the client's port, which all streams of one connection share;
 * the ids of the sessions that ended are kept.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Http2Endpoints.Feed.class)
class Http2Endpoints {

	static final Set<String> closed = ConcurrentHashMap.newKeySet();

	@EventSourceEndpoint("/h2/{name}")
	static class Feed {

		@OnOpen
		void open(EventSourceSession session, HttpServletRequest request) {
			session.send("hello", session.getId() + " " + request.getProtocol() + " " + request.getRemotePort());
		}

		@OnClose
		void close(EventSourceSession session) {
			closed.add(session.getId());
		}

	}

}
