package io.github.eventsource.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.internal.EventLog.Retention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventLog}: positions, ids, what each kind of log keeps, and the
 * budget of every history.
 */
class EventLogTests {

	private final EventLog.Timeline timeline = new EventLog.Timeline(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

	@Test
	void givesEachEventOfAReplayingLogTheNextPositionAndItAsIdUnlessItHasOne() {
		EventLog log = log(true, 10, 1 << 20, Retention.HISTORY, null);
		log.append(frame("data: a\n\n"), null);
		log.append(frame("id: x\ndata: b\n\n"), "x");
		assertThat(log.positionOf("1")).isEqualTo(1);
		assertThat(log.positionOf("x")).isEqualTo(2);
		assertThat(log.indexAfter("1")).isEqualTo(1);
		assertThat(log.positionOf("unknown")).isNull();
		assertThat(this.timeline.current()).isEqualTo(2);
	}

	@Test
	void aHistoryKeepsItsNewestEventsWithinItsBoundsAndKnowsWhereItIsComplete() {
		EventLog log = log(true, 2, 1 << 20, Retention.HISTORY, null);
		for (int i = 0; i < 5; i++) {
			log.append(frame("data: " + i + "\n\n"), null);
		}
		assertThat(log.size()).isEqualTo(2);
		assertThat(log.floor()).isEqualTo(3);
		assertThat(log.isTruncated()).isTrue();
		assertThat(log.countAfter(3)).isEqualTo(2);
		assertThat(log.positionOf("3")).isNull();
	}

	@Test
	void aHistoryGoesOverNoByteBoundButTheLogOfAGenerationKeepsItsNewestEvent() {
		EventLog history = log(true, 10, 4, Retention.HISTORY, null);
		EventLog generation = log(true, 10, 4, Retention.RUN, null);
		history.append(frame("0123456789"), "1");
		generation.append(frame("0123456789"), "1");
		assertThat(history.size()).isZero();
		assertThat(generation.size()).isOne();
	}

	@Test
	void aShortLogKeepsAnEventUntilEveryReaderTookIt() {
		EventLog log = log(false, 10, 1 << 20, Retention.READ, null);
		RecordingTransport fast = new RecordingTransport();
		RecordingTransport slow = new RecordingTransport();
		OutboundStream fastStream = reader(log, fast);
		OutboundStream slowStream = reader(log, slow);
		slow.ready = false;
		slowStream.offer(frame("blocked "));
		slowStream.wake();
		OutboundStream.wakeAll(log.append(frame("a "), null));
		OutboundStream.wakeAll(log.append(frame("b "), null));
		assertThat(fast.text()).isEqualTo("a b ");
		assertThat(log.size()).isEqualTo(2);
		slow.ready = true;
		slowStream.writePossible();
		assertThat(slow.text()).isEqualTo("blocked a b ");
		log.expire();
		assertThat(log.size()).isZero();
		assertThat(fastStream.bufferedBytes()).isZero();
	}

	@Test
	void aShortLogKeepsWhatAClosingReaderStillTakesThenGoes() {
		EventLog log = log(false, 10, 1 << 20, Retention.READ, null);
		RecordingTransport transport = new RecordingTransport();
		OutboundStream stream = reader(log, transport);
		transport.ready = false;
		OutboundStream.wakeAll(log.append(frame("a "), null));
		log.append(frame("b "), null);
		stream.close();
		log.unsubscribe(stream);
		log.expire();
		assertThat(log.size()).isOne();
		assertThat(log.isDisposable()).isFalse();
		transport.ready = true;
		stream.writePossible();
		assertThat(transport.text()).isEqualTo("a b ");
		assertThat(transport.completions).isOne();
		log.expire();
		assertThat(log.isDisposable()).isTrue();
	}

	@Test
	void aShortLogWithoutReadersKeepsNothing() {
		EventLog log = log(false, 10, 1 << 20, Retention.READ, null);
		assertThat(log.append(frame("a "), null)).isEmpty();
		assertThat(log.isDisposable()).isTrue();
	}

	@Test
	void theBudgetEvictsTheOldestEventsOfEveryHistoryFirst() {
		EventLog.Budget budget = new EventLog.Budget(3 * (10 + EventLog.ENTRY_OVERHEAD), Duration.ofMinutes(1),
				Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
		EventLog first = log(true, 10, 1 << 20, Retention.HISTORY, budget);
		EventLog second = log(true, 10, 1 << 20, Retention.HISTORY, budget);
		first.append(frame("0123456789"), "a1");
		second.append(frame("0123456789"), "b1");
		first.append(frame("0123456789"), "a2");
		second.append(frame("0123456789"), "b2");
		assertThat(first.positionOf("a1")).isNull();
		assertThat(second.positionOf("b1")).isNotNull();
		assertThat(budget.bytes()).isEqualTo(3 * (10 + EventLog.ENTRY_OVERHEAD));
	}

	@Test
	void theBudgetExpiresEventsByAge() {
		MutableClock clock = new MutableClock();
		EventLog.Budget budget = new EventLog.Budget(1 << 20, Duration.ofMinutes(1), clock);
		EventLog log = log(true, 10, 1 << 20, Retention.HISTORY, budget);
		log.append(frame("old"), "o");
		clock.now = clock.now.plus(Duration.ofSeconds(45));
		log.append(frame("new"), "n");
		clock.now = clock.now.plus(Duration.ofSeconds(30));
		budget.expire();
		assertThat(log.size()).isOne();
		assertThat(budget.bytes()).isEqualTo(3 + EventLog.ENTRY_OVERHEAD);
	}

	@Test
	void hasRoomWhileItsFastestReaderIsNearItsEnd() {
		EventLog log = log(true, 100, 1 << 20, Retention.RUN, null);
		assertThat(log.hasRoom()).isTrue();
		RecordingTransport transport = new RecordingTransport();
		OutboundStream stream = new OutboundStream(transport, new OutboundStream.Bounds(4, 1 << 20,
				OverflowPolicy.DISCONNECT), new OutboundStreamTests.RecordingListener(), Runnable::run);
		stream.follow(log.subscribe(stream));
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		transport.ready = false;
		OutboundStream.wakeAll(log.append(frame("a"), null));
		log.append(frame("b"), null);
		assertThat(log.hasRoom()).isTrue();
		log.append(frame("c"), null);
		assertThat(log.hasRoom()).isFalse();
		transport.ready = true;
		stream.writePossible();
		assertThat(log.hasRoom()).isTrue();
	}

	private EventLog log(boolean replays, int maxEvents, long maxBytes, Retention retention,
			EventLog.Budget budget) {
		return new EventLog(this.timeline, replays, new EventLog.Bounds(maxEvents, maxBytes, retention), budget, 0);
	}

	private static OutboundStream reader(EventLog log, RecordingTransport transport) {
		OutboundStream stream = RecordingTransport.startedStream(transport, new OutboundStreamTests.RecordingListener());
		stream.follow(log.subscribe(stream));
		return stream;
	}

	private static byte[] frame(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static final class MutableClock extends Clock {

		Instant now = Instant.EPOCH;

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
