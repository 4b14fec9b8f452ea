package io.github.eventsource.admission;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.delivery.UserFromHeaderFilter;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Endpoints for the admission tests: {@code /answers/{id}?prompt=} is a resumable answer
 * kept to the principal that started it, {@code /shared/{id}} one that any client
 * attaches to; each event says the generation's number and the prompt, one every 50 ms.
 * The {@code X-User} header authenticates a request as that user.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AdmissionEndpoints.Answers.class, AdmissionEndpoints.Shared.class })
public class AdmissionEndpoints {

	/**
	 * How many generations each id started.
	 */
	static final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();

	/**
	 * The ids whose source saw its cancel.
	 */
	static final Set<String> cancelled = ConcurrentHashMap.newKeySet();

	/**
	 * The sources running now, and the most that ever ran at once.
	 */
	static final AtomicInteger running = new AtomicInteger();

	static final AtomicInteger mostRunning = new AtomicInteger();

	static Flux<String> answer(String id, String prompt, int tokens) {
		int generation = started.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		return Flux.interval(Duration.ofMillis(50))
			.take(tokens)
			.map((i) -> generation + ":" + prompt + ":" + i)
			.doOnSubscribe((subscription) -> mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max))
			.doFinally((signal) -> running.decrementAndGet())
			.doOnCancel(() -> cancelled.add(id));
	}

	@Bean
	OncePerRequestFilter userFromHeaderFilter() {
		return new UserFromHeaderFilter();
	}

	@EventSourceEndpoint(path = "/answers/{id}", resumable = true)
	static class Answers {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open(@PathVariable String id, @RequestParam(defaultValue = "") String prompt,
				@RequestParam(defaultValue = "100000") int tokens) {
			return answer(id, prompt, tokens);
		}

	}

	@EventSourceEndpoint(path = "/shared/{id}", resumable = true, shareGenerations = true)
	static class Shared {

		@OnOpen(event = "token", completeEvent = "done")
		Flux<String> open(@PathVariable String id, @RequestParam(defaultValue = "100000") int tokens) {
			return answer(id, "", tokens);
		}

	}

}
