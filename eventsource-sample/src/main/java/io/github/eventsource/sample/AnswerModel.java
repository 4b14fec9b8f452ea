package io.github.eventsource.sample;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A fake language model in the shape of Spring AI's streaming call
 * ({@code chatClient.prompt(question).stream().content()} is a {@code Flux<String>}): it
 * answers any question with {@code sample.answer.tokens} words, one every
 * {@code sample.answer.interval}.
 */
@Component
class AnswerModel {

	/**
	 * The text of every answer, 40 words as the default {@code sample.answer.tokens}: an
	 * answer of that many words ends with its last sentence, and a longer one repeats it
	 * whole.
	 */
	private static final String[] WORDS = ("Wow. Such answer, much tokens, very streaming. So resumable: reload "
			+ "the page and the same answer goes on, where it was, word by word. Many tabs, one generation. "
			+ "Close every tab: it stops after its grace. Much wow, such done.").split(" ");

	private final int tokens;

	private final Duration interval;

	AnswerModel(@Value("${sample.answer.tokens:40}") int tokens,
			@Value("${sample.answer.interval:100ms}") Duration interval) {
		this.tokens = tokens;
		this.interval = interval;
	}

	/**
	 * Stream the answer to a question, word by word.
	 * @param question the question
	 * @return the words of the answer, each with its trailing space
	 */
	Flux<String> stream(String question) {
		return Flux.interval(this.interval).take(this.tokens).map((i) -> WORDS[(int) (i % WORDS.length)] + " ");
	}

}
