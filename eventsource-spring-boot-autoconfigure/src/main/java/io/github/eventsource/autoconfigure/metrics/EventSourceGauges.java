package io.github.eventsource.autoconfigure.metrics;

import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.core.internal.HeartbeatScheduler;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of what the streams of this instance hold, without a tag per path, group or
 * user: {@code eventsource.channels} (targets with streams or a history),
 * {@code eventsource.buffered.bytes} (bytes buffered for clients, not yet sent),
 * {@code eventsource.history.bytes} (bytes of every replay history), and the totals of
 * presence on this instance: {@code eventsource.presence.targets} (paths and groups with
 * streams) and {@code eventsource.presence.memberships} (streams in their paths and
 * groups); and {@code eventsource.heartbeat.sweep.age}, the seconds since the heartbeat's
 * last sweep completed, which grows without bound if sweeps stopped.
 *
 * @since 0.1.0
 */
public final class EventSourceGauges implements MeterBinder {

	private final SessionRegistry sessions;

	private final ChannelRegistry channels;

	private final PresenceTracker presence;

	private final HeartbeatScheduler heartbeat;

	/**
	 * Create the gauges.
	 * @param sessions the open sessions, whose buffers are summed
	 * @param channels the channels and their histories
	 * @param presence the presence of the streams of this instance
	 * @param heartbeat the heartbeat, whose sweeps are timed
	 */
	EventSourceGauges(SessionRegistry sessions, ChannelRegistry channels, PresenceTracker presence,
			HeartbeatScheduler heartbeat) {
		this.sessions = sessions;
		this.channels = channels;
		this.presence = presence;
		this.heartbeat = heartbeat;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("eventsource.channels", this.channels, ChannelRegistry::channelCount)
			.description("Targets (paths, groups, users) with open streams or a replay history")
			.register(registry);
		Gauge.builder("eventsource.buffered.bytes", this.sessions, SessionRegistry::bufferedBytes)
			.description("Bytes buffered for clients and not sent yet")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("eventsource.history.bytes", this.channels, ChannelRegistry::historyBytes)
			.description("Bytes of every replay history, with a small overhead per event")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("eventsource.presence.targets", this.presence, PresenceTracker::localTargets)
			.description("Paths and groups with open streams of this instance")
			.register(registry);
		Gauge.builder("eventsource.presence.memberships", this.presence, PresenceTracker::localMemberships)
			.description("Open streams of this instance in their paths, plus one per group each joined")
			.register(registry);
		Gauge.builder("eventsource.heartbeat.sweep.age", this.heartbeat,
				(heartbeat) -> heartbeat.sinceLastSweep().toMillis() / 1000.0)
			.description("Time since the heartbeat's last sweep completed; grows without bound if sweeps stopped")
			.baseUnit("seconds")
			.register(registry);
	}

}
