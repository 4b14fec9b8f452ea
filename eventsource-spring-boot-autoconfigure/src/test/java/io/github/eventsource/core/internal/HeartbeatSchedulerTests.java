package io.github.eventsource.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.core.EventSourceObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeartbeatScheduler}.
 */
class HeartbeatSchedulerTests {

	@Test
	void aSweepThatThrowsAnErrorRunsAgainAtItsNextInterval() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch again = new CountDownLatch(3);
		HeartbeatScheduler scheduler = new HeartbeatScheduler(new SessionRegistry(), Duration.ofMillis(40),
				new EventSourceObserver() {
				}, List.of(() -> {
					again.countDown();
					if (runs.incrementAndGet() == 1) {
						throw new StackOverflowError("expiry failed");
					}
				}), Runnable::run);
		scheduler.start();
		try {
			assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(scheduler.isRunning()).isTrue();
		}
		finally {
			scheduler.stop();
		}
	}

	@Test
	void sweepsThatKeepFailingShowInTheTimeSinceTheLastCompletedSweep() throws InterruptedException {
		CountDownLatch failed = new CountDownLatch(5);
		HeartbeatScheduler scheduler = new HeartbeatScheduler(new SessionRegistry(), Duration.ofMillis(40),
				new EventSourceObserver() {
				}, List.of(() -> {
					failed.countDown();
					throw new IllegalStateException("expiry failed");
				}), Runnable::run);
		scheduler.start();
		try {
			assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(scheduler.sinceLastSweep()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
		}
		finally {
			scheduler.stop();
		}
	}

}
