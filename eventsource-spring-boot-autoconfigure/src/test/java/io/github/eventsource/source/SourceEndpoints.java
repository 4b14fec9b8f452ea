package io.github.eventsource.source;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnClose;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Endpoints whose {@code @OnOpen} returns a source: a {@code Flux}, a
 * {@code Flow.Publisher}, a {@code Stream}, one that fails, an endless one that counts
 * what it produced and sees its cancel, a silent one, and a resumable answer per path.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SourceEndpoints.Tokens.class, SourceEndpoints.FlowTokens.class, SourceEndpoints.Members.class,
		SourceEndpoints.Failing.class, SourceEndpoints.Endless.class, SourceEndpoints.Silent.class,
		SourceEndpoints.Answers.class })
public class SourceEndpoints {

	/**
	 * The ids of the sessions whose {@code @OnClose} ran.
	 */
	static final List<String> closed = new CopyOnWriteArrayList<>();

	/**
	 * What the endless sources produced, by name.
	 */
	static final Map<String, AtomicLong> produced = new ConcurrentHashMap<>();

	/**
	 * The endless sources that saw their cancel, by name.
	 */
	static final List<String> cancelled = new CopyOnWriteArrayList<>();

	/**
	 * How many generations each answer path started.
	 */
	static final Map<String, AtomicInteger> generations = new ConcurrentHashMap<>();

	@EventSourceEndpoint("/tokens/{count}")
	static class Tokens {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open(@PathVariable int count) {
			return Flux.range(1, count).map((i) -> "token " + i);
		}

		@OnClose
		void close(EventSourceSession session) {
			closed.add(session.getId());
		}

	}

	@EventSourceEndpoint("/flow")
	static class FlowTokens {

		@OnOpen(completeEvent = "done")
		Flow.Publisher<EventSourceEvent> open() {
			return JdkFlowAdapter.publisherToFlowPublisher(
					Flux.range(1, 3).map((i) -> EventSourceEvent.of("step", "step " + i, "s" + i)));
		}

	}

	@EventSourceEndpoint("/members")
	static class Members {

		@OnOpen(event = "member", completeEvent = "done")
		Stream<Member> open() {
			return IntStream.rangeClosed(1, 3).mapToObj((i) -> new Member("doge " + i, i));
		}

	}

	@EventSourceEndpoint("/failing")
	static class Failing {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open() {
			return Flux.concat(Flux.just("first"), Flux.error(new IllegalStateException("secret internals")));
		}

		@OnClose
		void close(EventSourceSession session) {
			closed.add(session.getId());
		}

	}

	@EventSourceEndpoint("/endless/{name}")
	static class Endless {

		@OnOpen(event = "chunk")
		Flux<String> open(@PathVariable String name, @RequestParam(
				defaultValue = "1024") int size) {
			AtomicLong count = produced.computeIfAbsent(name, (key) -> new AtomicLong());
			String chunk = "x".repeat(size);
			return Flux.<String>generate((sink) -> {
				count.incrementAndGet();
				sink.next(chunk);
			}).doOnCancel(() -> cancelled.add(name));
		}

	}

	@EventSourceEndpoint("/silent/{name}")
	static class Silent {

		@OnOpen
		Flux<String> open(EventSourceSession session, @PathVariable String name) {
			session.send("hello", name);
			return Flux.<String>never().doOnCancel(() -> cancelled.add(name));
		}

	}

	@EventSourceEndpoint(path = "/answers/{id}", resumable = true)
	static class Answers {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open(@PathVariable String id, @RequestParam(
				defaultValue = "20") int tokens) {
			int generation = generations.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return Flux.interval(Duration.ofMillis(20))
				.take(tokens)
				.map((i) -> generation + ":" + i)
				.doOnCancel(() -> cancelled.add(id));
		}

	}

	record Member(String name, int rank) {
	}

}
