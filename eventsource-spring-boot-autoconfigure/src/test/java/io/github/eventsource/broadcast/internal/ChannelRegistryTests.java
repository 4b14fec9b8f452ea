package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.eventsource.broadcast.internal.ChannelRegistry.ReplaySettings;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.RecordingTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChannelRegistry}: the timeline, replay across targets and the bounds
 * of the histories.
 */
class ChannelRegistryTests {

	private final EventEncoder encoder = new EventEncoder(List.of());

	private final MutableClock clock = new MutableClock();

	private final ChannelRegistry channels = registry(true, 3, 1 << 20, 1 << 30);

	@Test
	void givesEveryEventOfEveryTargetTheNextPositionOfOneTimeline() {
		Recorder stream = new Recorder();
		this.channels.subscribe(Target.path("/a"), stream.stream);
		this.channels.subscribe(Target.group("g"), stream.stream);
		assertThat(this.channels.publish(Target.path("/a"), EventSourceEvent.of("1"), this.encoder)).isEqualTo(1);
		this.channels.publish(Target.group("g"), EventSourceEvent.of("2"), this.encoder);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("3"), this.encoder);
		List<Long> ids = stream.ids();
		assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates();
		assertThat(ids.get(2) - ids.get(0)).isEqualTo(2);
	}

	@Test
	void publishingAppendsAndWakesButNeverWritesOnTheSendersStack() {
		List<Runnable> writers = new ArrayList<>();
		List<Exception> failures = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			RecordingTransport transport = new RecordingTransport();
			transport.failing = true;
			OutboundStream stream = new OutboundStream(transport,
					new OutboundStream.Bounds(100, 1 << 20, OverflowPolicy.DISCONNECT), new Silent() {

						@Override
						public void writeFailed(Exception ex) {
							failures.add(ex);
						}

					}, writers::add);
			stream.writePossible();
			stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
			this.channels.subscribe(Target.path("/room"), stream);
		}
		assertThat(this.channels.publish(Target.path("/room"), EventSourceEvent.of("hi"), this.encoder))
			.isEqualTo(1000);
		assertThat(failures).isEmpty();
		assertThat(writers).hasSize(1000 / 32 + 1);
		writers.forEach(Runnable::run);
		assertThat(failures).hasSize(1000);
	}

	@Test
	void replaysWhatWasMissedFromEveryTargetInOrderOnce() {
		Recorder first = new Recorder();
		List<Target> targets = List.of(Target.path("/a"), Target.group("g"), Target.user("u"));
		targets.forEach((target) -> this.channels.subscribe(target, first.stream));
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a1"), this.encoder);
		String lastId = first.lastId();
		this.channels.publish(Target.group("g"), EventSourceEvent.of("g1"), this.encoder);
		this.channels.publish(Target.user("u"), EventSourceEvent.of("u1"), this.encoder);
		this.channels.publish(Target.path("/b"), EventSourceEvent.of("b1"), this.encoder);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a2"), this.encoder);
		Recorder again = new Recorder(false);
		targets.forEach((target) -> this.channels.subscribe(target, again.stream));
		Replay replay = this.channels.replay(targets, lastId);
		assertThat(replay.outcome()).isEqualTo(ReplayOutcome.REPLAYED);
		assertThat(replay.events()).isEqualTo(3);
		again.start(replay);
		assertThat(again.transport.text()).containsSubsequence("data: g1", "data: u1", "data: a2")
			.doesNotContain("a1", "b1");
	}

	@Test
	void aReplayLargerThanWhatAStreamBuffersIsReadAtThePaceOfItsClient() {
		ChannelRegistry channels = registry(true, 100, 1 << 20, 1 << 30);
		Recorder first = new Recorder();
		channels.subscribe(Target.path("/a"), first.stream);
		channels.publish(Target.path("/a"), EventSourceEvent.of("before"), this.encoder);
		String lastId = first.lastId();
		for (int i = 0; i < 50; i++) {
			channels.publish(Target.path("/a"), EventSourceEvent.of("x".repeat(10_000)), this.encoder);
		}
		Recorder again = new Recorder(false);
		channels.subscribe(Target.path("/a"), again.stream);
		again.transport.ready = false;
		again.start(channels.replay(List.of(Target.path("/a")), lastId));
		assertThat(again.ids()).hasSizeLessThan(50);
		again.transport.ready = true;
		again.stream.writePossible();
		channels.publish(Target.path("/a"), EventSourceEvent.of("live"), this.encoder);
		assertThat(again.ids()).hasSize(51).doesNotHaveDuplicates().isSorted();
		assertThat(again.transport.completions).isZero();
	}

	@Test
	void aStreamThatSubscribedBeforeTheReplayGetsEachMissedEventOnce() {
		Recorder first = new Recorder();
		this.channels.subscribe(Target.path("/a"), first.stream);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a1"), this.encoder);
		String lastId = first.lastId();
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a2"), this.encoder);
		Recorder again = new Recorder(false);
		this.channels.subscribe(Target.path("/a"), again.stream);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a3"), this.encoder);
		again.start(this.channels.replay(List.of(Target.path("/a")), lastId));
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("a4"), this.encoder);
		assertThat(again.transport.text()).containsSubsequence("a2", "a3", "a4").doesNotContain("a1");
		assertThat(again.ids()).doesNotHaveDuplicates().isSorted();
	}

	@Test
	void resetsWhenTheLastEventIdIsOlderThanTheHistory() {
		Recorder stream = new Recorder();
		this.channels.subscribe(Target.path("/a"), stream.stream);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("1"), this.encoder);
		String oldest = stream.lastId();
		for (int i = 0; i < 3; i++) {
			this.channels.publish(Target.path("/a"), EventSourceEvent.of("more"), this.encoder);
		}
		assertThat(this.channels.replay(List.of(Target.path("/a")), oldest).events()).isEqualTo(3);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of("more"), this.encoder);
		assertThat(this.channels.replay(List.of(Target.path("/a")), oldest)).isEqualTo(Replay.RESET);
	}

	@Test
	void resetsOnAnIdOfAnotherRunOrUnknown() {
		assertThat(this.channels.replay(List.of(Target.path("/a")), "42")).isEqualTo(Replay.RESET);
		assertThat(this.channels.replay(List.of(Target.path("/a")), "no-such-id")).isEqualTo(Replay.RESET);
	}

	@Test
	void findsTheApplicationsOwnIds() {
		this.channels.publish(Target.path("/a"), EventSourceEvent.of(null, "a", "x-1"), this.encoder);
		this.channels.publish(Target.path("/a"), EventSourceEvent.of(null, "b", "x-2"), this.encoder);
		Recorder again = new Recorder(false);
		this.channels.subscribe(Target.path("/a"), again.stream);
		again.start(this.channels.replay(List.of(Target.path("/a")), "x-1"));
		assertThat(again.transport.text()).isEqualTo("id: x-2\ndata: b\n\n");
	}

	@Test
	void replaysNothingForTargetsThatDoNotReplay() {
		ChannelRegistry channels = registry(false, 3, 1 << 20, 1 << 30);
		assertThat(channels.replay(List.of(Target.path("/a")), "1")).isEqualTo(Replay.NONE);
		assertThat(channels.replays(Target.user("u"))).isFalse();
		channels.addReplayPaths(Set.of("/rooms/{room}"));
		assertThat(channels.replays(Target.path("/rooms/1"))).isTrue();
		assertThat(channels.replays(Target.group("g"))).isFalse();
	}

	@Test
	void boundsEachHistoryInBytes() {
		ChannelRegistry channels = registry(true, 1000, 100, 1 << 30);
		for (int i = 0; i < 10; i++) {
			channels.publish(Target.path("/a"), EventSourceEvent.of("x".repeat(30)), this.encoder);
		}
		assertThat(channels.historyBytes()).isLessThanOrEqualTo(100 + 2 * 200);
	}

	@Test
	void boundsEveryHistoryTogetherEvictingTheOldestFirst() {
		ChannelRegistry channels = registry(true, 1000, 1 << 20, 10_000);
		for (int i = 0; i < 1000; i++) {
			channels.publish(Target.path("/" + i), EventSourceEvent.of("x".repeat(100)), this.encoder);
		}
		assertThat(channels.historyBytes()).isLessThanOrEqualTo(10_000);
		channels.expire();
		assertThat(channels.channelCount()).isLessThan(50);
	}

	@Test
	void expiresHistoriesByAgeAndRemovesTheirChannels() {
		ChannelRegistry channels = registry(true, 1000, 1 << 20, 1 << 30);
		for (int i = 0; i < 100; i++) {
			channels.publish(Target.path("/" + i), EventSourceEvent.of("x"), this.encoder);
		}
		assertThat(channels.channelCount()).isEqualTo(100);
		this.clock.advance(Duration.ofMinutes(2));
		channels.expire();
		assertThat(channels.channelCount()).isZero();
		assertThat(channels.historyBytes()).isZero();
	}

	@Test
	void removesAChannelWithoutHistoryWhenItsLastStreamLeaves() {
		Recorder stream = new Recorder();
		this.channels.subscribe(Target.path("/a"), stream.stream);
		this.channels.unsubscribe(Target.path("/a"), stream.stream);
		assertThat(this.channels.channelCount()).isZero();
		assertThat(this.channels.size(Target.path("/a"))).isZero();
	}

	private ChannelRegistry registry(boolean enabled, int maxEvents, long maxBytes, long maxTotalBytes) {
		ReplaySettings settings = new ReplaySettings();
		settings.setEnabled(enabled);
		settings.history().setMaxEvents(maxEvents);
		settings.history().setMaxBytes(maxBytes);
		settings.history().setMaxAge(Duration.ofMinutes(1));
		settings.setMaxTotalBytes(maxTotalBytes);
		return new ChannelRegistry(settings, new OutboundStream.Bounds(100, 1024 * 1024, OverflowPolicy.DISCONNECT),
				this.clock);
	}

	static final class Recorder {

		final RecordingTransport transport = new RecordingTransport();

		final OutboundStream stream;

		Recorder() {
			this(true);
		}

		Recorder(boolean started) {
			this.stream = started ? RecordingTransport.startedStream(this.transport, new Silent())
					: new OutboundStream(this.transport,
							new OutboundStream.Bounds(2, 1 << 20, OverflowPolicy.DISCONNECT), new Silent(), Runnable::run);
		}

		void start(Replay replay) {
			this.stream.writePossible();
			this.stream.start(replay.frames(), replay.upTo());
		}

		List<Long> ids() {
			return this.transport.text()
				.lines()
				.filter((line) -> line.startsWith("id: "))
				.map((line) -> Long.parseLong(line.substring(4)))
				.toList();
		}

		String lastId() {
			List<Long> ids = ids();
			return Long.toString(ids.get(ids.size() - 1));
		}

	}

	static class Silent implements OutboundStream.Listener {

		@Override
		public void overflowed(OverflowPolicy policy) {
		}

		@Override
		public void written(int events, long waitedNanos) {
		}

		@Override
		public void writable() {
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
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
