package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.List;

import io.github.eventsource.core.internal.EventEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound on generations: the one that ended first makes room; when every one runs,
 * no new one starts; expiry forgets ended and unheard generations.
 */
class GenerationsTests {

	private final Generations generations = new Generations(new EventEncoder(List.of()),
			new Generations.Settings(Duration.ZERO, Duration.ofMinutes(5), 2, 100, 1024 * 1024), null);

	@Test
	void aPathKeepsItsGenerationUntilItIsForgotten() {
		Generations.Acquired first = this.generations.acquire("/answers/1");
		Generations.Acquired again = this.generations.acquire("/answers/1");
		assertThat(first.started()).isTrue();
		assertThat(again.started()).isFalse();
		assertThat(again.generation()).isSameAs(first.generation());
	}

	@Test
	void theGenerationThatEndedFirstMakesRoom() {
		Generation ended = this.generations.acquire("/answers/1").generation();
		this.generations.acquire("/answers/2");
		ended.complete(null);
		assertThat(this.generations.acquire("/answers/3")).isNotNull();
		assertThat(this.generations.size()).isEqualTo(2);
		assertThat(this.generations.acquire("/answers/2").started()).isFalse();
	}

	@Test
	void noGenerationStartsWhenEveryOneRuns() {
		this.generations.acquire("/answers/1");
		this.generations.acquire("/answers/2");
		assertThat(this.generations.acquire("/answers/3")).isNull();
	}

	@Test
	void expiryForgetsAGenerationNobodyListensToOnceTheGracePeriodIsOver() {
		this.generations.acquire("/answers/1");
		this.generations.expire();
		assertThat(this.generations.size()).isZero();
	}

}
