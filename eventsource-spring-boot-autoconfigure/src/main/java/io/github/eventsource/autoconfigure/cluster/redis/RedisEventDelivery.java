package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.autoconfigure.cluster.redis.RedisOutbox.Outgoing;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link EventDelivery} to the streams of every instance that shares a Redis key prefix.
 * <p>
 * A send encodes its event once and queues it in the {@link RedisOutbox}, which
 * publishes it off the caller's thread. Every stream, on this instance as on the others,
 * gets the event from the one pub/sub subscription, in the order Redis published it: so
 * the events of replaying targets reach every stream in the order of their positions,
 * and any id a client has seen is a safe point to resume from, on any instance.
 * <p>
 * An event that is certainly not published (the outbox is full, Redis refused it or
 * could not be reached) is queued for the streams of this instance without an id, so
 * that it is never taken for a resume point and never appears in a replay; an event
 * whose publication is uncertain (the call timed out) reaches the streams that Redis
 * published it to, if it did, with its id, and no stream otherwise.
 * <p>
 * Thread-safe. No send waits for Redis, except a replay for a reconnecting client.
 */
final class RedisEventDelivery implements EventDelivery, RedisOutbox.Listener {

	private final String origin = UUID.randomUUID().toString();

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final RedisEventLog log;

	private final RedisOutage outage;

	private final RedisClock clock;

	private final long deadlineMicros;

	private @Nullable RedisOutbox outbox;

	/**
	 * Create a delivery.
	 * @param channels the channels of this instance
	 * @param sessions the sessions of this instance
	 * @param encoder encodes every event once
	 * @param log the Redis side
	 * @param outage counts what is not published
	 * @param clock the estimate of Redis' clock
	 * @param timeout how long an event may take to be published: the command timeout of
	 * the cluster mode
	 */
	RedisEventDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder, RedisEventLog log,
			RedisOutage outage, RedisClock clock, Duration timeout) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
		this.log = log;
		this.outage = outage;
		this.clock = clock;
		// Redis refuses an event somewhat before the sender stops waiting for it, so that
		// once the sender gave up, Redis never publishes it, even with clocks a bit apart
		long tolerance = Math.min(100_000, timeout.toNanos() / 4000);
		this.deadlineMicros = timeout.toNanos() / 1000 - tolerance;
	}

	/**
	 * Set the outbox that publishes the events of this delivery.
	 * @param outbox the outbox
	 */
	void setOutbox(RedisOutbox outbox) {
		this.outbox = outbox;
	}

	String origin() {
		return this.origin;
	}

	@Override
	public int publish(Target target, EventSourceEvent event) {
		Kind kind = target.kind();
		String name = target.name();
		boolean replays = this.channels.replays(target);
		byte[] frame = this.encoder.encode(replays ? withoutId(event) : event);
		String id = replays ? event.id() : null;
		offer(new Outgoing(new RedisTarget(kind, name), false, replays, ClusterMessage.head(this.origin, kind.name(), name),
				frame, id, this.clock.nowMicros() + this.deadlineMicros));
		return this.channels.size(target);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		if (registration != null) {
			return registration.session().send(event);
		}
		offer(new Outgoing(new RedisTarget(Kind.USER, sessionId), true, false,
				ClusterMessage.head(this.origin, ClusterMessage.SESSION, sessionId), this.encoder.encode(event), null,
				this.clock.nowMicros() + this.deadlineMicros));
		return false;
	}

	@Override
	public Replay replay(Collection<Target> targets, String lastEventId) {
		List<RedisTarget> replaying = targets.stream()
			.filter(this.channels::replays)
			.map((target) -> new RedisTarget(target.kind(), target.name()))
			.toList();
		if (replaying.isEmpty()) {
			return Replay.NONE;
		}
		Replayed replayed = replay(replaying, lastEventId);
		return (replayed != null) ? new Replay(ReplayOutcome.REPLAYED, replayed.frames(), replayed.upTo())
				: Replay.RESET;
	}

	/**
	 * Read what a client missed from the histories of the replaying targets its stream
	 * listens to, merged in position order. The stream must have subscribed (pending) to
	 * every target before, so that every live event after the read reaches it.
	 * @param targets the replaying targets of the stream
	 * @param lastEventId the client's last event id
	 * @return the missed events and the position the read covers, or {@code null} if the
	 * client must reset (a foreign id, events dropped after it, or Redis unreachable)
	 */
	@Nullable Replayed replay(List<RedisTarget> targets, String lastEventId) {
		try {
			Replayed replayed = this.log.replay(targets, lastEventId);
			this.outage.succeeded();
			return replayed;
		}
		catch (RuntimeException ex) {
			this.outage.replayFailed(String.valueOf(ex));
			return null;
		}
	}

	/**
	 * Queue an event published by any instance, this one included, for the streams of
	 * this instance. Called on the subscription's one thread, in publish order.
	 * @param message the message
	 */
	void receive(ClusterMessage message) {
		if (ClusterMessage.SESSION.equals(message.kind())) {
			SessionRegistry.Registration registration = this.sessions.get(message.name());
			if (registration != null && registration.stream().offer(message.frame(), OutboundStream.UNORDERED)) {
				registration.stream().flush();
			}
			return;
		}
		this.channels.deliver(new Target(Kind.valueOf(message.kind()), message.name()), message.frame(),
				message.position());
	}

	@Override
	public void published() {
		this.outage.succeeded();
	}

	@Override
	public void notPublished(Outgoing event, boolean certain, String cause) {
		this.outage.publishFailed(cause, certain);
		if (certain && !event.toSession()) {
			this.channels.deliver(new Target(event.target().kind(), event.target().name()), event.frame(),
					OutboundStream.UNORDERED);
		}
	}

	private void offer(Outgoing event) {
		RedisOutbox outbox = this.outbox;
		if (outbox == null || !outbox.offer(event)) {
			notPublished(event, true, "the outbox is full or stopped");
		}
	}

	private static EventSourceEvent withoutId(EventSourceEvent event) {
		return new EventSourceEvent(event.name(), event.data(), null, event.retry(), event.comment());
	}

}
