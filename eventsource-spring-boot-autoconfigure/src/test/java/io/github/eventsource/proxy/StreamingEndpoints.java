package io.github.eventsource.proxy;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stream at {@code /ticks} that says {@code first} on open, and a plain-text page at
 * {@code /page} to show that the filter or compression under test is active.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ StreamingEndpoints.Ticks.class, StreamingEndpoints.Page.class })
class StreamingEndpoints {

	static final String TICKS = "/ticks";

	@EventSourceEndpoint(TICKS)
	static class Ticks {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("first");
		}

	}

	@RestController
	static class Page {

		@GetMapping(path = "/page", produces = "text/plain")
		String page() {
			return "lorem ipsum ".repeat(1000);
		}

	}

}
