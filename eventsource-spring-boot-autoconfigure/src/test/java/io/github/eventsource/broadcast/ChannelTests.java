package io.github.eventsource.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OutboundStream;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.ReplayOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Channel} and {@link ReplayHistory}.
 */
class ChannelTests {

	private static final byte[] RESET = "event: reset\n\n".getBytes(StandardCharsets.UTF_8);

	private final EventEncoder encoder = new EventEncoder(List.of());

	private final MutableClock clock = new MutableClock();

	private final Channel channel = new Channel(new ReplayHistory(3, Duration.ofMinutes(1), this.clock));

	@Test
	void assignsIncreasingIdsAndReachesEveryStream() {
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		this.channel.subscribe(first.stream);
		this.channel.subscribe(second.stream);
		assertThat(this.channel.publish(EventSourceEvent.of("a"), this.encoder)).isEqualTo(2);
		assertThat(this.channel.publish(EventSourceEvent.of("b"), this.encoder)).isEqualTo(2);
		assertThat(first.text()).isEqualTo("id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
		assertThat(second.text()).isEqualTo(first.text());
	}

	@Test
	void replaysExactlyTheMissedEventsBeforeLiveOnes() {
		publish("a", "b", "c");
		Recorder late = new Recorder();
		assertThat(this.channel.subscribe(late.stream, "1", RESET).outcome()).isEqualTo(ReplayOutcome.REPLAYED);
		publish("d");
		assertThat(late.text()).isEqualTo("id: 2\ndata: b\n\nid: 3\ndata: c\n\nid: 4\ndata: d\n\n");
	}

	@Test
	void resetsWhenLastEventIdIsOlderThanTheHistory() {
		publish("a", "b", "c", "d");
		Recorder late = new Recorder();
		assertThat(this.channel.subscribe(late.stream, "1", RESET).outcome()).isEqualTo(ReplayOutcome.RESET);
		assertThat(late.text()).isEqualTo("event: reset\n\n");
	}

	@Test
	void resetsWhenEventsExpired() {
		publish("a", "b");
		this.clock.advance(Duration.ofMinutes(2));
		Recorder late = new Recorder();
		assertThat(this.channel.subscribe(late.stream, "1", RESET).outcome()).isEqualTo(ReplayOutcome.RESET);
		assertThat(this.channel.historySize()).isZero();
	}

	@Test
	void keepsApplicationIds() {
		this.channel.publish(EventSourceEvent.of(null, "a", "x-1"), this.encoder);
		this.channel.publish(EventSourceEvent.of(null, "b", "x-2"), this.encoder);
		Recorder late = new Recorder();
		assertThat(this.channel.subscribe(late.stream, "x-1", RESET).outcome()).isEqualTo(ReplayOutcome.REPLAYED);
		assertThat(late.text()).isEqualTo("id: x-2\ndata: b\n\n");
	}

	@Test
	void doesNotReplayWithoutLastEventId() {
		publish("a");
		Recorder fresh = new Recorder();
		assertThat(this.channel.subscribe(fresh.stream, null, RESET).outcome()).isEqualTo(ReplayOutcome.NONE);
		assertThat(fresh.text()).isEmpty();
	}

	@Test
	void pendingSubscriptionHoldsLiveEventsUntilStartedThenSkipsTheReplayedOnes() {
		Recorder joining = new Recorder();
		PendingSubscription pending = this.channel.subscribePending(joining.stream);
		this.channel.deliver(frame("id: 11\n\n"), 11);
		this.channel.deliver(frame("id: 12\n\n"), 12);
		assertThat(joining.text()).isEmpty();
		pending.start(List.of(frame("id: 10\n\n"), frame("id: 11\n\n")), 11);
		this.channel.deliver(frame("id: 11\n\n"), 11);
		this.channel.deliver(frame("id: 13\n\n"), 13);
		assertThat(joining.text()).isEqualTo("id: 10\n\nid: 11\n\nid: 12\n\nid: 13\n\n");
	}

	@Test
	void deliveredEventsReachLiveStreamsWithoutEnteringTheHistory() {
		Recorder live = new Recorder();
		this.channel.subscribe(live.stream);
		assertThat(this.channel.deliver(frame("data: elsewhere\n\n"), Channel.UNORDERED)).isOne();
		assertThat(live.text()).isEqualTo("data: elsewhere\n\n");
		assertThat(this.channel.historySize()).isZero();
	}

	private static byte[] frame(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private void publish(String... data) {
		for (String item : data) {
			this.channel.publish(EventSourceEvent.of(item), this.encoder);
		}
	}

	static final class Recorder implements OutboundStream.Transport, OutboundStream.Listener {

		private final StringBuilder written = new StringBuilder();

		final OutboundStream stream = new OutboundStream(this, Runnable::run, 100, OverflowPolicy.DISCONNECT, this);

		String text() {
			return this.written.toString();
		}

		@Override
		public void write(byte[] bytes) {
			this.written.append(new String(bytes, StandardCharsets.UTF_8));
		}

		@Override
		public void complete() {
		}

		@Override
		public void fail(Exception cause) {
		}

		@Override
		public void written(int frames, long waitedNanos) {
		}

		@Override
		public void overflowed(OverflowPolicy policy) {
		}

		@Override
		public void writeFailed(Exception ex) {
		}

	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

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
