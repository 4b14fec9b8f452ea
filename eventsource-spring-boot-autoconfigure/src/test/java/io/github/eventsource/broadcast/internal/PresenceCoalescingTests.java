package io.github.eventsource.broadcast.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled task of the coalesced presence announcements survives whatever one run
 * throws.
 */
class PresenceCoalescingTests {

	@Test
	void runThatThrowsAnErrorIsLoggedNotThrown() {
		Failing presence = new Failing(new StackOverflowError("deep"));
		PresenceCoalescing coalescing = new PresenceCoalescing(presence, Duration.ofHours(1));
		coalescing.run();
		coalescing.run();
		assertThat(presence.runs.get()).isEqualTo(2);
	}

	@Test
	void scheduledTaskRunsAgainAtItsNextIntervalAfterAnError() throws Exception {
		Failing presence = new Failing(new OutOfMemoryError("once"));
		PresenceCoalescing coalescing = new PresenceCoalescing(presence, Duration.ofMillis(20));
		coalescing.start();
		try {
			assertThat(presence.third.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			coalescing.stop();
		}
		assertThat(coalescing.isRunning()).isFalse();
	}

	/**
	 * A presence whose announcements throw at their first run.
	 */
	private static final class Failing implements PresenceTracker {

		private final AtomicInteger runs = new AtomicInteger();

		private final CountDownLatch third = new CountDownLatch(3);

		private final Throwable failure;

		Failing(Throwable failure) {
			this.failure = failure;
		}

		@Override
		public void announceCounts() {
			this.third.countDown();
			if (this.runs.incrementAndGet() == 1) {
				throwUnchecked(this.failure);
			}
		}

		@SuppressWarnings("unchecked")
		private static <T extends Throwable> void throwUnchecked(Throwable failure) throws T {
			throw (T) failure;
		}

		@Override
		public void join(Target target, String session, @Nullable String user, boolean announce) {
		}

		@Override
		public void leave(Target target, String session, boolean announce) {
		}

		@Override
		public List<TargetSize> largest(Kind kind, int limit) {
			return List.of();
		}

		@Override
		public int localTargets() {
			return 0;
		}

		@Override
		public long localMemberships() {
			return 0;
		}

		@Override
		public Snapshot ofPath(String path, int maxMembers) {
			return Snapshot.EMPTY;
		}

		@Override
		public Snapshot ofGroup(String group, int maxMembers) {
			return Snapshot.EMPTY;
		}

	}

}
