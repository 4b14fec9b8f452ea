package io.github.eventsource.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.github.eventsource.core.EventSourceObserver.RefusalReason;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerEventSourceObserver}.
 */
class MicrometerEventSourceObserverTests {

	private static final String ENDPOINT = "/rooms/{room}";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerEventSourceObserver observer = new MicrometerEventSourceObserver(this.registry,
			new SessionRegistry());

	@Test
	void registersEveryMeterOfAnEndpointWhenItIsMapped() {
		this.observer.mapped(ENDPOINT);
		assertThat(this.registry.get("eventsource.streams.open").tag("endpoint", ENDPOINT).gauge().value()).isZero();
		assertThat(this.registry.find("eventsource.streams.refused").tag("endpoint", ENDPOINT).counters()).hasSize(2);
		assertThat(this.registry.find("eventsource.events.dropped").tag("endpoint", ENDPOINT).counters()).hasSize(2);
		assertThat(this.registry.get("eventsource.events.latency").tag("endpoint", ENDPOINT).timer().count()).isZero();
	}

	@Test
	void countsRefusalsByReason() {
		this.observer.refused(ENDPOINT, RefusalReason.CHECK);
		this.observer.refused(ENDPOINT, RefusalReason.LIMIT);
		this.observer.refused(ENDPOINT, RefusalReason.LIMIT);
		assertThat(counter("eventsource.streams.refused", "reason", "check")).isOne();
		assertThat(counter("eventsource.streams.refused", "reason", "limit")).isEqualTo(2);
	}

	@Test
	void countsDroppedEventsByPolicyAndDisconnectsApart() {
		this.observer.overflowed(ENDPOINT, OverflowPolicy.DROP_OLDEST);
		this.observer.overflowed(ENDPOINT, OverflowPolicy.DROP_NEWEST);
		this.observer.overflowed(ENDPOINT, OverflowPolicy.DROP_NEWEST);
		this.observer.overflowed(ENDPOINT, OverflowPolicy.DISCONNECT);
		assertThat(counter("eventsource.events.dropped", "policy", "drop_oldest")).isOne();
		assertThat(counter("eventsource.events.dropped", "policy", "drop_newest")).isEqualTo(2);
		assertThat(counter("eventsource.streams.disconnected")).isOne();
	}

	@Test
	void countsEventsWrittenRatherThanWrites() {
		this.observer.written(ENDPOINT, 3, TimeUnit.MILLISECONDS.toNanos(2));
		this.observer.written(ENDPOINT, 1, TimeUnit.MILLISECONDS.toNanos(4));
		assertThat(counter("eventsource.events.sent")).isEqualTo(4);
		assertThat(this.registry.get("eventsource.events.latency").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("eventsource.events.latency").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(4);
	}

	@Test
	void countsReplayedEventsAndResets() {
		this.observer.replayed(ENDPOINT, ReplayOutcome.REPLAYED, 5);
		this.observer.replayed(ENDPOINT, ReplayOutcome.RESET, 0);
		assertThat(counter("eventsource.events.replayed")).isEqualTo(5);
		assertThat(counter("eventsource.replay.resets")).isOne();
	}

	@Test
	void recordsStreamDurationAndHeartbeats() {
		this.observer.opened(ENDPOINT);
		this.observer.heartbeat(ENDPOINT);
		this.observer.closed(ENDPOINT, TimeUnit.SECONDS.toNanos(3));
		assertThat(counter("eventsource.streams.opened")).isOne();
		assertThat(counter("eventsource.heartbeats")).isOne();
		assertThat(this.registry.get("eventsource.streams.duration").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(3);
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tag("endpoint", ENDPOINT).tags(tags).counter().count();
	}

}
