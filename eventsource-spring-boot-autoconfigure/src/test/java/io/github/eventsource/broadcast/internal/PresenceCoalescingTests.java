package io.github.eventsource.broadcast.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled task of the coalesced presence announcements survives whatever one run
 * throws.
 */
class PresenceCoalescingTests {

	@Test
	void runThatThrowsAnErrorIsLoggedNotThrown() {
		Failing announcement = new Failing(new StackOverflowError("deep"));
		PresenceCoalescing coalescing = new PresenceCoalescing(announcement, Duration.ofHours(1));
		coalescing.run();
		coalescing.run();
		assertThat(announcement.runs.get()).isEqualTo(2);
	}

	@Test
	void scheduledTaskRunsAgainAtItsNextIntervalAfterAnError() throws Exception {
		Failing announcement = new Failing(new OutOfMemoryError("once"));
		PresenceCoalescing coalescing = new PresenceCoalescing(announcement, Duration.ofMillis(20));
		coalescing.start();
		try {
			assertThat(announcement.third.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			coalescing.stop();
		}
		assertThat(coalescing.isRunning()).isFalse();
	}

	/**
	 * An announcement that throws at its first run.
	 */
	private static final class Failing implements Runnable {

		private final AtomicInteger runs = new AtomicInteger();

		private final CountDownLatch third = new CountDownLatch(3);

		private final Throwable failure;

		Failing(Throwable failure) {
			this.failure = failure;
		}

		@Override
		public void run() {
			this.third.countDown();
			if (this.runs.incrementAndGet() == 1) {
				throwUnchecked(this.failure);
			}
		}

		@SuppressWarnings("unchecked")
		private static <T extends Throwable> void throwUnchecked(Throwable failure) throws T {
			throw (T) failure;
		}

	}

}
