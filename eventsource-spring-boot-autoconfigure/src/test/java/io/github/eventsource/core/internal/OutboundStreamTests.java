package io.github.eventsource.core.internal;

import io.github.eventsource.core.OverflowPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutboundStream}.
 */
class OutboundStreamTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final RecordingListener listener = new RecordingListener();

	private final EventLog.Timeline timeline = new EventLog.Timeline(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

	@Test
	void writesNothingBeforeTheTransportIsReadyAndTheStreamStarted() {
		OutboundStream stream = stream(4, 1024, OverflowPolicy.DISCONNECT);
		offer(stream, "a");
		stream.wake();
		stream.writePossible();
		assertThat(this.transport.writes).isEmpty();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		assertThat(this.transport.writes).containsExactly("a");
	}

	@Test
	void wakeRunsTheWriterNeverOnTheCallingThread() {
		List<Runnable> woken = new ArrayList<>();
		OutboundStream stream = new OutboundStream(this.transport, bounds(4, 1024, OverflowPolicy.DISCONNECT),
				this.listener, woken::add);
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		stream.wake();
		assertThat(this.transport.writes).isEmpty();
		assertThat(woken).hasSize(1);
		woken.get(0).run();
		assertThat(this.transport.writes).containsExactly("ab");
	}

	@Test
	void wakeAllWritesManyStreamsWithAFewTasks() {
		List<Runnable> woken = new ArrayList<>();
		List<RecordingTransport> transports = new ArrayList<>();
		List<OutboundStream> streams = new ArrayList<>();
		for (int i = 0; i < 2 * OutboundStream.WAKE_SHARE + 1; i++) {
			RecordingTransport transport = new RecordingTransport();
			OutboundStream stream = new OutboundStream(transport, bounds(4, 1024, OverflowPolicy.DISCONNECT),
					this.listener, woken::add);
			stream.writePossible();
			stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
			offer(stream, "a");
			transports.add(transport);
			streams.add(stream);
		}
		streams.add(streams.get(0));
		OutboundStream.wakeAll(streams);
		assertThat(woken).hasSize(3);
		woken.forEach(Runnable::run);
		assertThat(transports).allSatisfy((transport) -> assertThat(transport.writes).containsExactly("a"));
	}

	@Test
	void wakesNoWriterWhileThereIsNothingItCouldDo() {
		List<Runnable> woken = new ArrayList<>();
		OutboundStream stream = new OutboundStream(this.transport, bounds(4, 1024, OverflowPolicy.DISCONNECT),
				this.listener, woken::add);
		offer(stream, "a");
		stream.wake();
		stream.writePossible();
		assertThat(woken).isEmpty();
	}

	@Test
	void writesOnTheWriterAndCoalescesWhatQueuedUp() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		offer(stream, "a");
		offer(stream, "b");
		assertThat(this.transport.writes).isEmpty();
		stream.wake();
		assertThat(this.transport.writes).containsExactly("ab");
		assertThat(this.listener.written).containsExactly(2);
	}

	@Test
	void parksWhenTheTransportIsFullAndGoesOnWhenItIsWritableAgain() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		this.transport.ready = false;
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		stream.wake();
		assertThat(this.transport.writes).containsExactly("a");
		this.transport.ready = true;
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("a", "b");
	}

	@Test
	void goesOnWhenTheTransportBecomesWritableDuringTheWrite() {
		OutboundStream[] stream = new OutboundStream[1];
		List<String> writes = new ArrayList<>();
		OutboundStream.Transport transport = new OutboundStream.Transport() {

			@Override
			public boolean write(byte[] bytes) {
				writes.add(new String(bytes, StandardCharsets.UTF_8));
				if (writes.size() == 1) {
					stream[0].offer(frame("b"));
					stream[0].writePossible();
				}
				return false;
			}

			@Override
			public void complete() {
			}

		};
		stream[0] = new OutboundStream(transport, bounds(4, 1024, OverflowPolicy.DISCONNECT), this.listener,
				Runnable::run);
		stream[0].writePossible();
		stream[0].start(List.of(frame("a")), OutboundStream.NOTHING_REPLAYED);
		assertThat(writes).containsExactly("a", "b");
	}

	@Test
	void disconnectsWhenMoreFramesQueueThanTheBound() {
		OutboundStream stream = started(2, 1024, OverflowPolicy.DISCONNECT);
		this.transport.ready = false;
		offer(stream, "a");
		stream.wake();
		assertThat(offer(stream, "b")).isTrue();
		assertThat(offer(stream, "c")).isTrue();
		assertThat(offer(stream, "d")).isFalse();
		stream.wake();
		assertThat(this.transport.completions).isEqualTo(1);
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DISCONNECT);
		assertThat(offer(stream, "e")).isFalse();
	}

	@Test
	void countsTheBytesTheTransportHoldsAgainstTheByteBound() {
		OutboundStream stream = started(100, 10, OverflowPolicy.DROP_NEWEST);
		this.transport.ready = false;
		offer(stream, "123456");
		stream.wake();
		assertThat(stream.bufferedBytes()).isEqualTo(6);
		assertThat(offer(stream, "1234")).isTrue();
		assertThat(offer(stream, "x")).isFalse();
		stream.wake();
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DROP_NEWEST);
		this.transport.ready = true;
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("123456", "1234");
	}

	@Test
	void dropsTheOldestFramesUntilTheNewOneFits() {
		OutboundStream stream = stream(2, 1024, OverflowPolicy.DROP_OLDEST);
		offer(stream, "a");
		offer(stream, "b");
		offer(stream, "c");
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		assertThat(this.transport.writes).containsExactly("bc");
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DROP_OLDEST);
	}

	@Test
	void startsWithWhatWasReplayedElsewhereAndSkipsTheLiveEventsItCovered() {
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DISCONNECT);
		EventLog log = log(true, 10, EventLog.Retention.READ);
		stream.offerControl(frame("retry "));
		stream.follow(log.subscribe(stream));
		log.deliver(frame("5 "), 5);
		log.deliver(frame("7 "), 7);
		stream.offer(frame("hello "));
		stream.writePossible();
		stream.start(List.of(frame("4 "), frame("5 "), frame("6 ")), 6);
		OutboundStream.wakeAll(log.deliver(frame("8 "), 8));
		assertThat(this.transport.text()).isEqualTo("4 5 6 retry 7 hello 8 ");
	}

	@Test
	void handsOverFromAReplayReadElsewhereWithoutAGapOrADuplicateWhateverCameBetween() {
		EventLog log = log(true, 10, EventLog.Retention.READ);
		OutboundStream other = RecordingTransport.startedStream(new RecordingTransport(), this.listener);
		other.follow(log.subscribe(other));
		OutboundStream.wakeAll(log.deliver(frame("100 "), 100));
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DISCONNECT);
		stream.follow(log.subscribe(stream));
		log.deliver(frame("101 "), 101);
		log.deliver(frame("joined "), EventLog.UNORDERED);
		log.deliver(frame("102 "), 102);
		stream.writePossible();
		stream.start(List.of(frame("100 "), frame("101 ")), 101);
		OutboundStream.wakeAll(log.deliver(frame("103 "), 103));
		assertThat(this.transport.text()).isEqualTo("100 101 joined 102 103 ");
	}

	@Test
	void readsALogFromThePositionOfTheLastEventItWasGiven() {
		EventLog log = log(true, 10, EventLog.Retention.HISTORY);
		log.deliver(frame("1 "), 1);
		log.deliver(frame("2 "), 2);
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DISCONNECT);
		stream.follow(log.subscribe(stream));
		log.deliver(frame("3 "), 3);
		stream.writePossible();
		stream.start(List.of(), 1);
		OutboundStream.wakeAll(log.deliver(frame("4 "), 4));
		assertThat(this.transport.text()).isEqualTo("2 3 4 ");
	}

	@Test
	void mergesItsLogsAndItsOwnFramesInTimelineOrder() {
		EventLog path = log(true, 10, EventLog.Retention.HISTORY);
		EventLog group = log(true, 10, EventLog.Retention.HISTORY);
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DISCONNECT);
		stream.follow(path.subscribe(stream));
		stream.follow(group.subscribe(stream));
		path.deliver(frame("1 "), 1);
		group.deliver(frame("2 "), 2);
		stream.offer(frame("own "));
		path.deliver(frame("3 "), 3);
		group.deliver(frame("4 "), 4);
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		assertThat(this.transport.text()).isEqualTo("1 2 own 3 4 ");
	}

	@Test
	void skipsPresenceFramesOfTheLogFromBeforeItFollowedIt() {
		EventLog log = log(true, 10, EventLog.Retention.HISTORY);
		log.deliver(frame("1 "), 1);
		log.deliver(frame("joined "), EventLog.UNORDERED);
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DISCONNECT);
		stream.follow(log.subscribe(stream));
		log.deliver(frame("2 "), 2);
		stream.writePossible();
		stream.start(List.of(), 0);
		assertThat(this.transport.text()).isEqualTo("1 2 ");
	}

	@Test
	void writesAReplayLargerThanItsBoundsAtThePaceTheTransportTakesIt() {
		OutboundStream stream = stream(2, 1024, OverflowPolicy.DISCONNECT);
		byte[] large = new byte[OutboundStream.MAX_BATCH_BYTES / 2 + 1];
		this.transport.ready = false;
		stream.writePossible();
		stream.start(List.of(large, large, large), 3);
		assertThat(offer(stream, "live")).isTrue();
		assertThat(this.transport.writes).hasSize(1);
		assertThat(stream.hasRoom()).isFalse();
		stream.writePossible();
		stream.writePossible();
		assertThat(this.transport.writes).hasSize(3);
		assertThat(this.transport.text()).hasSize(3 * large.length + 4).endsWith("live");
		assertThat(this.listener.overflows).isEmpty();
		assertThat(this.listener.written).containsExactly(1, 1, 2);
	}

	@Test
	void meetsTheOverflowPolicyOnlyOnceFurtherBehindThanItsLogRetains() {
		EventLog log = log(true, 3, EventLog.Retention.HISTORY);
		OutboundStream stream = started(1, 4, OverflowPolicy.DISCONNECT);
		stream.follow(log.subscribe(stream));
		this.transport.ready = false;
		for (int i = 1; i <= 4; i++) {
			OutboundStream.wakeAll(log.deliver(frame("0123456789"), i));
		}
		assertThat(this.transport.writes).hasSize(1);
		assertThat(this.listener.overflows).isEmpty();
		OutboundStream.wakeAll(log.deliver(frame("0123456789"), 5));
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DISCONNECT);
		assertThat(this.transport.completions).isEqualTo(1);
	}

	@Test
	void jumpsOverWhatItsLogEvictedWhenItDropsTheOldest() {
		EventLog log = log(true, 2, EventLog.Retention.HISTORY);
		OutboundStream stream = stream(10, 1024, OverflowPolicy.DROP_OLDEST);
		stream.follow(log.subscribe(stream));
		for (int i = 1; i <= 4; i++) {
			log.deliver(frame(i + " "), i);
		}
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		assertThat(this.transport.text()).isEqualTo("3 4 ");
		assertThat(this.listener.overflows).containsExactly(OverflowPolicy.DROP_OLDEST, OverflowPolicy.DROP_OLDEST);
	}

	@Test
	void closingWritesWhatItsLogsHeldForItThenCompletes() {
		EventLog log = log(true, 10, EventLog.Retention.READ);
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		EventLog.Cursor cursor = log.subscribe(stream);
		stream.follow(cursor);
		this.transport.ready = false;
		OutboundStream.wakeAll(log.deliver(frame("a"), 1));
		log.deliver(frame("b"), 2);
		stream.close();
		log.unsubscribe(stream);
		stream.unfollow(cursor);
		log.deliver(frame("c"), 3);
		this.transport.ready = true;
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("a", "b");
		assertThat(this.transport.completions).isEqualTo(1);
	}

	@Test
	void completesOnceWhatIsQueuedIsWritten() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		this.transport.ready = false;
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		stream.close();
		assertThat(this.transport.completions).isZero();
		this.transport.ready = true;
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("a", "b");
		assertThat(this.transport.completions).isEqualTo(1);
		assertThat(offer(stream, "c")).isFalse();
	}

	@Test
	void abortCompletesAtOnceDroppingWhatIsQueued() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		this.transport.ready = false;
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		stream.abort();
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("a");
		assertThat(this.transport.completions).isEqualTo(1);
	}

	@Test
	void aFailedWriteEndsTheStreamOnceAndLeavesTheResponseToTheContainer() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		this.transport.failing = true;
		offer(stream, "a");
		stream.wake();
		stream.transportFailed(new IllegalStateException("closed"));
		stream.close();
		assertThat(this.transport.completions).isZero();
		assertThat(this.listener.failures).isEqualTo(1);
		assertThat(offer(stream, "b")).isFalse();
	}

	@Test
	void aThrowingListenerDoesNotWedgeTheStream() {
		OutboundStream stream = RecordingTransport.startedStream(this.transport, new ThrowingListener());
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		stream.wake();
		assertThat(this.transport.writes).containsExactly("a", "b");
	}

	@Test
	void isStalledWhenItCouldNotWriteForLongerThanTheLimit() {
		OutboundStream stream = started(4, 1024, OverflowPolicy.DISCONNECT);
		offer(stream, "a");
		stream.wake();
		assertThat(stream.isStalled(System.nanoTime() + 10_000_000_000L, 1_000_000_000L)).isFalse();
		this.transport.ready = false;
		offer(stream, "b");
		stream.wake();
		assertThat(stream.isStalled(System.nanoTime(), 1_000_000_000L)).isFalse();
		assertThat(stream.isStalled(System.nanoTime() + 10_000_000_000L, 1_000_000_000L)).isTrue();
	}

	@Test
	void aStreamStartedButNeverConnectedIsStalledOneStillOpeningIsNot() {
		OutboundStream stream = stream(4, 1024, OverflowPolicy.DISCONNECT);
		assertThat(stream.isStalled(System.nanoTime() + 10_000_000_000L, 1_000_000_000L)).isFalse();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		assertThat(stream.isStalled(System.nanoTime(), 1_000_000_000L)).isFalse();
		assertThat(stream.isStalled(System.nanoTime() + 10_000_000_000L, 1_000_000_000L)).isTrue();
	}

	@Test
	void shutDownQueuesTheLastFrameBeyondTheBoundsAndCompletes() {
		OutboundStream stream = started(1, 1024, OverflowPolicy.DISCONNECT);
		this.transport.ready = false;
		offer(stream, "a");
		stream.wake();
		offer(stream, "b");
		assertThat(stream.shutDown(frame("bye"))).isTrue();
		this.transport.ready = true;
		stream.writePossible();
		assertThat(this.transport.writes).containsExactly("a", "bbye");
		assertThat(this.transport.completions).isEqualTo(1);
	}

	private OutboundStream stream(int frames, long bytes, OverflowPolicy policy) {
		return new OutboundStream(this.transport, bounds(frames, bytes, policy), this.listener, Runnable::run);
	}

	private static OutboundStream.Bounds bounds(int frames, long bytes, OverflowPolicy policy) {
		return new OutboundStream.Bounds(frames, bytes, policy);
	}

	private OutboundStream started(int frames, long bytes, OverflowPolicy policy) {
		OutboundStream stream = stream(frames, bytes, policy);
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		return stream;
	}

	private static boolean offer(OutboundStream stream, String text) {
		return stream.offer(frame(text));
	}

	private EventLog log(boolean replays, int maxEvents, EventLog.Retention retention) {
		return new EventLog(this.timeline, replays, new EventLog.Bounds(maxEvents, 1 << 20, retention), null, 0);
	}

	private static byte[] frame(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static class RecordingListener implements OutboundStream.Listener {

		final List<Integer> written = new ArrayList<>();

		final List<OverflowPolicy> overflows = new ArrayList<>();

		int failures;

		@Override
		public void overflowed(OverflowPolicy policy) {
			this.overflows.add(policy);
		}

		@Override
		public void written(int events, long waitedNanos) {
			this.written.add(events);
		}

		@Override
		public void writable() {
		}

		@Override
		public void writeFailed(Exception ex) {
			this.failures++;
		}

	}

	static class ThrowingListener extends RecordingListener {

		@Override
		public void written(int events, long waitedNanos) {
			throw new IllegalStateException("observer failed");
		}

	}

}
