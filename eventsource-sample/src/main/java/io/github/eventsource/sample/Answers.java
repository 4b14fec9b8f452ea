package io.github.eventsource.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import reactor.core.publisher.Flux;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resumable answers: {@code GET /answers/{id}} streams the {@link AnswerModel}'s answer
 * as {@code token} events, then {@code done}, and ends. The answer belongs to the path
 * (with its query parameters) and to whoever started it, not to the request: a reload, a
 * second tab or a reconnect of the same user continues the same generation instead of
 * starting another; another user gets an answer of their own. An anonymous answer is
 * read by anyone who knows its path, which is why the page names it with a random UUID. {@code GET /answers/{id}/state} tells how far
 * the generation of an answer got.
 */
@RestController
@EventSourceEndpoint(path = "/answers/{id}", resumable = true)
class Answers {

	private static final int MAX_STATES = 1000;

	private final AnswerModel model;

	private final AtomicInteger generations = new AtomicInteger();

	private final Map<String, Generation> states = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Generation> eldest) {
			return size() > MAX_STATES;
		}

	});

	Answers(AnswerModel model) {
		this.model = model;
	}

	@OnOpen(event = "token", completeEvent = "done")
	Flux<Token> open(@PathVariable String id) {
		Generation generation = new Generation(this.generations.incrementAndGet());
		this.states.put(id, generation);
		AtomicInteger index = new AtomicInteger();
		return this.model.stream("What is " + id + "?")
			.map((text) -> generation.emitted(new Token(generation.number, index.getAndIncrement(), text)))
			.doOnComplete(() -> generation.state = "completed")
			.doOnCancel(() -> generation.state = "cancelled");
	}

	@GetMapping("/answers/{id}/state")
	ResponseEntity<State> state(@PathVariable String id) {
		Generation generation = this.states.get(id);
		return (generation != null) ? ResponseEntity.ok(generation.state()) : ResponseEntity.notFound().build();
	}

	/**
	 * One word of an answer.
	 *
	 * @param generation the number of the generation, counted since the application
	 * started
	 * @param index the word's position in the answer, from 0
	 * @param text the word
	 */
	record Token(int generation, int index, String text) {
	}

	/**
	 * How far the generation of an answer got.
	 *
	 * @param generation the number of the generation
	 * @param emitted how many words it produced
	 * @param state {@code running}, {@code completed} or {@code cancelled}
	 */
	record State(int generation, int emitted, String state) {
	}

	private static final class Generation {

		private final int number;

		private volatile int emitted;

		private volatile String state = "running";

		Generation(int number) {
			this.number = number;
		}

		Token emitted(Token token) {
			this.emitted = token.index() + 1;
			return token;
		}

		State state() {
			return new State(this.number, this.emitted, this.state);
		}

	}

}
