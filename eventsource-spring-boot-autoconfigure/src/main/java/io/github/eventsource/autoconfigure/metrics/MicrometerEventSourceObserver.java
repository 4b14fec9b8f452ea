package io.github.eventsource.autoconfigure.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.core.EventSourceObserver;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * An {@link EventSourceObserver} that records what streams do as Micrometer meters,
 * each tagged with {@code endpoint}, the endpoint's path pattern:
 * <ul>
 * <li>{@code eventsource.streams.open} (gauge): the open streams, read from the
 * {@link SessionRegistry};</li>
 * <li>{@code eventsource.streams.opened}, {@code eventsource.streams.refused} (tagged
 * {@code reason}: {@code check} or {@code limit}) and
 * {@code eventsource.streams.disconnected} (by the slow-consumer policy);</li>
 * <li>{@code eventsource.streams.duration} (timer): how long streams were open;</li>
 * <li>{@code eventsource.events.sent}, {@code eventsource.events.dropped} (tagged
 * {@code policy}), {@code eventsource.events.replayed},
 * {@code eventsource.replay.resets} and {@code eventsource.heartbeats};</li>
 * <li>{@code eventsource.events.latency} (timer): the time from a {@code send} call to
 * the bytes being written.</li>
 * </ul>
 * Meters are created once per endpoint, when it is mapped, so that recording allocates
 * nothing.
 *
 * @since 0.1.0
 */
public class MicrometerEventSourceObserver implements EventSourceObserver {

	private static final String ENDPOINT = "endpoint";

	private final MeterRegistry registry;

	private final SessionRegistry sessions;

	private final Map<String, EndpointMeters> meters = new ConcurrentHashMap<>();

	/**
	 * Create an observer.
	 * @param registry where meters are registered
	 * @param sessions the open sessions, which the open-streams gauge counts
	 */
	public MicrometerEventSourceObserver(MeterRegistry registry, SessionRegistry sessions) {
		this.registry = registry;
		this.sessions = sessions;
	}

	@Override
	public void mapped(String endpoint) {
		meters(endpoint);
	}

	@Override
	public void opened(String endpoint) {
		meters(endpoint).opened.increment();
	}

	@Override
	public void refused(String endpoint, RefusalReason reason) {
		EndpointMeters meters = meters(endpoint);
		((reason == RefusalReason.LIMIT) ? meters.refusedByLimit : meters.refusedByCheck).increment();
	}

	@Override
	public void closed(String endpoint, long openNanos) {
		meters(endpoint).duration.record(openNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void written(String endpoint, int events, long waitedNanos) {
		EndpointMeters meters = meters(endpoint);
		meters.sent.increment(events);
		meters.latency.record(waitedNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void overflowed(String endpoint, OverflowPolicy policy) {
		EndpointMeters meters = meters(endpoint);
		switch (policy) {
			case DISCONNECT -> meters.disconnected.increment();
			case DROP_OLDEST -> meters.droppedOldest.increment();
			case DROP_NEWEST -> meters.droppedNewest.increment();
		}
	}

	@Override
	public void replayed(String endpoint, ReplayOutcome outcome, int events) {
		EndpointMeters meters = meters(endpoint);
		if (outcome == ReplayOutcome.RESET) {
			meters.resets.increment();
		}
		else {
			meters.replayed.increment(events);
		}
	}

	@Override
	public void heartbeat(String endpoint) {
		meters(endpoint).heartbeats.increment();
	}

	private EndpointMeters meters(String endpoint) {
		EndpointMeters existing = this.meters.get(endpoint);
		return (existing != null) ? existing : this.meters.computeIfAbsent(endpoint, this::register);
	}

	private EndpointMeters register(String endpoint) {
		Tags tags = Tags.of(ENDPOINT, endpoint);
		Gauge.builder("eventsource.streams.open", this.sessions, (sessions) -> sessions.sizeOfEndpoint(endpoint))
			.tags(tags)
			.description("Open Server-Sent Events streams")
			.register(this.registry);
		return new EndpointMeters(this.registry, tags);
	}

	/**
	 * The meters of one endpoint.
	 */
	private static final class EndpointMeters {

		final Counter opened;

		final Counter refusedByCheck;

		final Counter refusedByLimit;

		final Counter disconnected;

		final Timer duration;

		final Counter sent;

		final Counter droppedOldest;

		final Counter droppedNewest;

		final Counter replayed;

		final Counter resets;

		final Counter heartbeats;

		final Timer latency;

		EndpointMeters(MeterRegistry registry, Tags tags) {
			this.opened = counter(registry, "eventsource.streams.opened", tags, "Streams opened");
			this.refusedByCheck = counter(registry, "eventsource.streams.refused", tags.and("reason", "check"),
					"Requests refused without opening a stream");
			this.refusedByLimit = counter(registry, "eventsource.streams.refused", tags.and("reason", "limit"),
					"Requests refused without opening a stream");
			this.disconnected = counter(registry, "eventsource.streams.disconnected", tags,
					"Streams disconnected because their client read too slowly");
			this.duration = Timer.builder("eventsource.streams.duration")
				.tags(tags)
				.description("How long streams were open")
				.register(registry);
			this.sent = counter(registry, "eventsource.events.sent", tags, "Events written to clients");
			this.droppedOldest = dropped(registry, tags, OverflowPolicy.DROP_OLDEST);
			this.droppedNewest = dropped(registry, tags, OverflowPolicy.DROP_NEWEST);
			this.replayed = counter(registry, "eventsource.events.replayed", tags,
					"Missed events replayed to reconnecting clients");
			this.resets = counter(registry, "eventsource.replay.resets", tags,
					"Reset events sent to clients whose last event id was not in the history");
			this.heartbeats = counter(registry, "eventsource.heartbeats", tags, "Heartbeats sent to idle streams");
			this.latency = Timer.builder("eventsource.events.latency")
				.tags(tags)
				.description("Time from a send call to the bytes being written")
				.register(registry);
		}

		private static Counter dropped(MeterRegistry registry, Tags tags, OverflowPolicy policy) {
			return counter(registry, "eventsource.events.dropped",
					tags.and("policy", policy.name().toLowerCase(Locale.ROOT)),
					"Events dropped because a client read too slowly");
		}

		private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
			return Counter.builder(name).tags(tags).description(description).register(registry);
		}

	}

}
