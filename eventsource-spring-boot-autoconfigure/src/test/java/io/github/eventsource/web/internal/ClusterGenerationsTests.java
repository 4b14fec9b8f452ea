package io.github.eventsource.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The following of generations other instances run: a round that throws anything, an
 * {@link Error} included, is logged and the next one runs at its time.
 */
class ClusterGenerationsTests {

	@Test
	void followingGoesOnAfterARoundThatThrewAnError() {
		FailingMirror mirror = new FailingMirror();
		ClusterGenerations cluster = new ClusterGenerations(mirror, Duration.ofMinutes(1), List::of, (generation) -> {
		});
		try {
			Generation generation = new Generation("/answers/1", "elsewhere", new EventEncoder(List.of()),
					new EventLog.Timeline(Clock.systemUTC()), new Generations.Settings(), null);
			assertThat(cluster.follow(generation, EventSourceEvent.of("error", "stream failed"))).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> mirror.reads.get() > mirror.failAt);
		}
		finally {
			cluster.close();
		}
	}

	/**
	 * A mirror of one running generation whose second read throws an {@link Error}.
	 */
	private static final class FailingMirror implements GenerationMirror {

		private final int failAt = 2;

		private final AtomicInteger reads = new AtomicInteger();

		@Override
		public List<Appended> read(List<Position> positions) {
			int read = this.reads.incrementAndGet();
			if (read == this.failAt) {
				throw new AssertionError("a round that fails");
			}
			return positions.stream().map((position) -> new Appended(List.of(), State.RUNNING, "" + read)).toList();
		}

		@Override
		public @Nullable String claim(String path, String key) {
			return null;
		}

		@Override
		public void append(String path, String key, long position, String id, byte[] frame) {
		}

		@Override
		public void end(String path, String key, long position, Duration retention) {
		}

		@Override
		public boolean hasRoom(Runnable whenRoom) {
			return true;
		}

		@Override
		public void renew(List<Claim> running) {
		}

		@Override
		public boolean release(String path, String key, String renewals) {
			return false;
		}

		@Override
		public void listened(String path, String key, Duration period) {
		}

		@Override
		public boolean isListened(String path, String key) {
			return false;
		}

	}

}
