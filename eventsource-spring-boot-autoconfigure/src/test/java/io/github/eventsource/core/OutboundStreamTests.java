package io.github.eventsource.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutboundStream}, driven by a manual executor.
 */
class OutboundStreamTests {

	private final ManualExecutor executor = new ManualExecutor();

	private final RecordingTransport transport = new RecordingTransport();

	private final RecordingListener listener = new RecordingListener();

	@Test
	void neverWritesOnTheCallersThread() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		assertThat(stream.offer(frame("a"))).isTrue();
		assertThat(this.transport.writes).isEmpty();
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("a");
	}

	@Test
	void coalescesFramesQueuedWhileIdleIntoOneWriteInOrder() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		stream.offer(frame("a"));
		stream.offer(frame("b"));
		stream.offer(frame("c"));
		assertThat(this.executor.tasks).hasSize(1);
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("abc");
		assertThat(this.listener.written).isEqualTo(3);
	}

	@Test
	void shutDownWritesTheQueuedAndTheLastFrameThenCompletesTheShutdownWayInOneTask() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		stream.offer(frame("a"));
		assertThat(stream.shutDown(frame("bye"))).isTrue();
		stream.close();
		assertThat(stream.offer(frame("late"))).isFalse();
		assertThat(this.executor.tasks).hasSize(1);
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("abye");
		assertThat(this.transport.completedOnShutdown).isTrue();
		assertThat(this.transport.completed).isFalse();
	}

	@Test
	void completesTheUsualWayWhenNotShuttingDown() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		stream.close();
		this.executor.runAll();
		assertThat(this.transport.completed).isTrue();
		assertThat(this.transport.completedOnShutdown).isFalse();
	}

	@Test
	void shutDownQueuesTheLastFrameEvenWhenFull() {
		OutboundStream stream = stream(1, OverflowPolicy.DISCONNECT);
		stream.offer(frame("a"));
		assertThat(stream.shutDown(frame("bye"))).isTrue();
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("abye");
		assertThat(this.transport.completedOnShutdown).isTrue();
	}

	@Test
	void shutDownOfAClosedStreamQueuesNothing() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		stream.close();
		assertThat(stream.shutDown(frame("bye"))).isFalse();
		this.executor.runAll();
		assertThat(this.transport.writes).isEmpty();
		assertThat(this.transport.completed).isTrue();
	}

	@Test
	void disconnectsWhenFullByDefault() {
		OutboundStream stream = stream(2, OverflowPolicy.DISCONNECT);
		stream.offer(frame("a"));
		stream.offer(frame("b"));
		assertThat(stream.offer(frame("c"))).isFalse();
		assertThat(stream.offer(frame("d"))).isFalse();
		assertThat(this.listener.overflows).isEmpty();
		this.executor.runAll();
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DISCONNECT);
		assertThat(this.transport.writes).isEmpty();
		assertThat(this.transport.completed).isTrue();
	}

	@Test
	void dropsOldestWhenFull() {
		OutboundStream stream = stream(2, OverflowPolicy.DROP_OLDEST);
		stream.offer(frame("a"));
		stream.offer(frame("b"));
		assertThat(stream.offer(frame("c"))).isTrue();
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("bc");
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DROP_OLDEST);
	}

	@Test
	void dropsNewestWhenFull() {
		OutboundStream stream = stream(2, OverflowPolicy.DROP_NEWEST);
		stream.offer(frame("a"));
		stream.offer(frame("b"));
		assertThat(stream.offer(frame("c"))).isFalse();
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("ab");
		assertThat(this.transport.completed).isFalse();
	}

	@Test
	void completesAfterQueuedFramesOnClose() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		stream.offer(frame("a"));
		stream.close();
		assertThat(stream.offer(frame("b"))).isFalse();
		this.executor.runAll();
		assertThat(this.transport.writes).containsExactly("a");
		assertThat(this.transport.completed).isTrue();
	}

	@Test
	void reportsFailedWriteAndRefusesLaterFrames() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		this.transport.failure = new IOException("Broken pipe");
		stream.offer(frame("a"));
		this.executor.runAll();
		assertThat(this.listener.failures).containsExactly(this.transport.failure);
		assertThat(this.transport.failed).isSameAs(this.transport.failure);
		assertThat(stream.offer(frame("b"))).isFalse();
		assertThat(this.executor.tasks).isEmpty();
	}

	@Test
	void offersHeartbeatOnlyWhenIdle() {
		OutboundStream stream = stream(4, OverflowPolicy.DISCONNECT);
		long now = System.nanoTime();
		assertThat(stream.offerIfIdle(frame(":"), 1_000_000_000L, now)).isFalse();
		assertThat(stream.offerIfIdle(frame(":"), 1_000_000_000L, now + 2_000_000_000L)).isTrue();
	}

	@Test
	void countsEventsButNotControlFramesOrHeartbeatsAsWritten() {
		OutboundStream stream = stream(8, OverflowPolicy.DISCONNECT);
		stream.offerControl(frame("retry: 1000\n\n"));
		this.executor.runAll();
		assertThat(this.listener.written).isZero();
		stream.offer(frame("data: a\n\n"));
		stream.offerIfIdle(frame(":\n"), 0, System.nanoTime());
		stream.offer(frame("data: b\n\n"));
		this.executor.runAll();
		assertThat(this.listener.written).isEqualTo(2);
	}

	private OutboundStream stream(int capacity, OverflowPolicy policy) {
		return new OutboundStream(this.transport, this.executor, capacity, policy, this.listener);
	}

	private static byte[] frame(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static final class ManualExecutor implements Executor {

		final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runAll() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

	}

	static final class RecordingTransport implements OutboundStream.Transport {

		final List<String> writes = new ArrayList<>();

		IOException failure;

		boolean completed;

		boolean completedOnShutdown;

		Exception failed;

		@Override
		public void write(byte[] bytes) throws IOException {
			if (this.failure != null) {
				throw this.failure;
			}
			this.writes.add(new String(bytes, StandardCharsets.UTF_8));
		}

		@Override
		public void complete() {
			this.completed = true;
		}

		@Override
		public void completeOnShutdown() {
			this.completedOnShutdown = true;
		}

		@Override
		public void completeOnShutdown(byte[] bytes) throws IOException {
			write(bytes);
			completeOnShutdown();
		}

		@Override
		public void fail(Exception cause) {
			this.failed = cause;
		}

	}

	static final class RecordingListener implements OutboundStream.Listener {

		final List<OverflowPolicy> overflows = new ArrayList<>();

		final List<Exception> failures = new ArrayList<>();

		int written;

		@Override
		public void written(int frames, long waitedNanos) {
			this.written += frames;
		}

		@Override
		public void overflowed(OverflowPolicy policy) {
			this.overflows.add(policy);
		}

		@Override
		public void writeFailed(Exception ex) {
			this.failures.add(ex);
		}

	}

}
