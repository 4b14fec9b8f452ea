package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnClose;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Endpoints for the delivery-engine tests: {@code /feed/{name}} joins the groups named in
 * the {@code group} parameter and says its session id and replay outcome on open; the
 * {@code X-User} header authenticates a request as that user. {@code /lobby/{name}} is
 * the same with presence events, and says only its session id; {@code /answers/{id}} is a
 * resumable answer.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ DeliveryEndpoints.Feed.class, DeliveryEndpoints.Lobby.class, DeliveryEndpoints.Answers.class })
public class DeliveryEndpoints {

	static final List<String> closed = new CopyOnWriteArrayList<>();

	/**
	 * How many generations each answer started, on every instance of the JVM.
	 */
	public static final Map<String, AtomicInteger> answersStarted = new ConcurrentHashMap<>();

	/**
	 * The answers whose source saw its cancel.
	 */
	public static final List<String> answersCancelled = new CopyOnWriteArrayList<>();

	@Bean
	OncePerRequestFilter userFromHeaderFilter() {
		return new UserFromHeaderFilter();
	}

	@EventSourceEndpoint("/feed/{name}")
	static class Feed {

		@OnOpen
		void open(EventSourceSession session, @RequestParam(required = false) List<String> group) {
			if (group != null) {
				group.forEach(session::join);
			}
			session.send("hello", session.getId() + " " + session.getReplayOutcome());
		}

		@OnClose
		void close(EventSourceSession session) {
			closed.add(session.getId());
		}

	}

	@EventSourceEndpoint(path = "/lobby/{name}", presence = true)
	static class Lobby {

		@OnOpen
		void open(EventSourceSession session, @RequestParam(required = false) List<String> group) {
			if (group != null) {
				group.forEach(session::join);
			}
			session.send("hello", session.getId());
		}

	}

	/**
	 * A resumable answer: {@code tokens} events named {@code token}, one every
	 * {@code millis} (20 by default), each {@code generation:index}, then {@code done}.
	 */
	@EventSourceEndpoint(path = "/answers/{id}", resumable = true)
	static class Answers {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open(@PathVariable String id, @RequestParam(defaultValue = "20") int tokens,
				@RequestParam(defaultValue = "20") long millis) {
			int generation = answersStarted.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return Flux.interval(Duration.ofMillis(millis))
				.take(tokens)
				.map((i) -> generation + ":" + i)
				.doOnCancel(() -> answersCancelled.add(id));
		}

	}

}
