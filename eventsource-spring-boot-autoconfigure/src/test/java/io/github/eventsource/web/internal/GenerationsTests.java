package io.github.eventsource.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds on generations: the one that ended first makes room; when every one runs,
 * no new one starts; one client runs at most its share; a full pool makes room only at
 * the expense of the client that runs most; concurrent first requests never pass a
 * bound; expiry forgets ended and unheard generations.
 */
class GenerationsTests {

	private final Generations generations = generations(2, 2, 2);

	@Test
	void aNameKeepsItsGenerationUntilItIsForgotten() {
		Generations.Acquired first = this.generations.acquire(request("/answers/1", "a"));
		Generations.Acquired again = this.generations.acquire(request("/answers/1", "b"));
		assertThat(first.started()).isTrue();
		assertThat(again.started()).isFalse();
		assertThat(again.generation()).isSameAs(first.generation());
	}

	@Test
	void theGenerationThatEndedFirstMakesRoom() {
		Generation ended = this.generations.acquire(request("/answers/1", "a")).generation();
		this.generations.acquire(request("/answers/2", "b"));
		ended.complete(null);
		Generation third = this.generations.acquire(request("/answers/3", "c")).generation();
		// forgotten, not kept beside the two that run: its name would start anew, in a full pool
		assertThat(this.generations.acquire(request("/answers/1", "d"))).isNull();
		assertThat(this.generations.acquire(request("/answers/2", "c")).started()).isFalse();
		assertThat(this.generations.acquire(request("/answers/3", "d")).generation()).isSameAs(third);
	}

	@Test
	void noGenerationStartsWhenEveryOneRunsAndNobodyRunsMoreThanTheAskingClient() {
		this.generations.acquire(request("/answers/1", "a"));
		this.generations.acquire(request("/answers/2", "b"));
		assertThat(this.generations.acquire(request("/answers/3", "c"))).isNull();
	}

	@Test
	void oneClientStartsNoMoreThanItsBoundWhileAnotherStillStarts() {
		Generations generations = generations(100, 100, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(generations.acquire(request("/answers/a" + i, "a"))).isNotNull();
		}
		assertThat(generations.acquire(request("/answers/a3", "a"))).isNull();
		assertThat(generations.acquire(request("/answers/b0", "b"))).isNotNull();
	}

	@Test
	void fullPoolEndsAGenerationOfTheClientThatRunsMostAndRefusesThatClient() {
		Generations generations = generations(4, 4, 4);
		Generation oldest = generations.acquire(request("/answers/a0", "a")).generation();
		generations.acquire(request("/answers/a1", "a"));
		generations.acquire(request("/answers/a2", "a"));
		generations.acquire(request("/answers/b0", "b"));
		assertThat(generations.acquire(request("/answers/c0", "c"))).isNotNull();
		assertThat(oldest.endedNanos()).isNotNull();
		assertThat(generations.acquire(request("/answers/a3", "a"))).isNull();
		// forgotten: its name would start anew, in a pool that is full again
		assertThat(generations.acquire(request("/answers/a0", "c"))).isNull();
	}

	@Test
	void concurrentFirstRequestsNeverStartMoreGenerationsThanTheEndpointBound() throws Exception {
		Generations generations = generations(1000, 20, 1000);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		Set<Generation> started = ConcurrentHashMap.newKeySet();
		List<Future<?>> requests = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				String path = "/answers/" + (i % 100);
				String client = "client " + i;
				requests.add(pool.submit(() -> {
					start.await(5, TimeUnit.SECONDS);
					Generations.Acquired acquired = generations.acquire(request(path, client));
					if (acquired != null) {
						started.add(acquired.generation());
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> request : requests) {
				request.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(started).hasSize(20);
		assertThat(generations.acquire(request("/answers/another", "another client"))).isNull();
	}

	@Test
	void expiryForgetsAGenerationNobodyListensToOnceTheGracePeriodIsOver() {
		Generations generations = generations(2, 2, 2, Duration.ZERO);
		Generation unheard = generations.acquire(request("/answers/1", "a")).generation();
		generations.expire();
		assertThat(unheard.endedNanos()).isNotNull();
		Generations.Acquired again = generations.acquire(request("/answers/1", "a"));
		assertThat(again.started()).isTrue();
		assertThat(again.generation()).isNotSameAs(unheard);
	}

	private static Generations generations(int max, int perEndpoint, int perClient) {
		return generations(max, perEndpoint, perClient, Duration.ofMinutes(1));
	}

	private static Generations generations(int max, int perEndpoint, int perClient, Duration grace) {
		Generations.Settings settings = new Generations.Settings();
		settings.setGrace(grace);
		settings.setAbandonedGrace(grace);
		settings.setMaxGenerations(max);
		settings.history().setMaxEvents(100);
		settings.setMaxPerEndpoint(perEndpoint);
		settings.setMaxPerClient(perClient);
		return new Generations(new EventEncoder(List.of()), new EventLog.Timeline(Clock.systemUTC()), settings, null);
	}

	private static Generations.Request request(String path, String client) {
		return new Generations.Request(path, "answers", client, EventSourceEvent.of("error", "stream failed"));
	}

}
