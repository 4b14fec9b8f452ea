package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.autoconfigure.cluster.redis.RedisOutbox.Outgoing;
import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.EventDelivery;
import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link EventDelivery} to the streams of every instance that shares a Redis key prefix.
 * <p>
 * A send encodes its event once and queues it in the {@link RedisOutbox}, which appends
 * it to the cluster's delivery log in Redis off the caller's thread. Every instance, this
 * one included, delivers to its streams what its {@link RedisLogReader} reads from that
 * log, from the last position it delivered, in the order of the log: so an event whose
 * append succeeded reaches every stream of its target on every instance once, in the
 * order of its position, and any id a client has seen is a safe point to resume from, on
 * any instance. A lost connection delays delivery, it loses nothing.
 * <p>
 * An event whose append failed (the outbox is full, Redis refused it, could not be
 * reached or did not answer in time) reaches no stream, on no instance, this one
 * included; it is counted ({@code eventsource.cluster.publish.failures}) and the outage
 * is logged. The sender learns of it at once only when the outbox refuses the event:
 * then the send's {@link BroadcastResult} is {@link BroadcastResult#REFUSED refused}; a
 * failure in Redis is known only later, so an accepted result counts the streams of this
 * instance the event is meant for.
 * <p>
 * Thread-safe. No send waits for Redis; a replay for a reconnecting client makes one
 * bounded call, none for an id of another epoch or longer than 1,024 characters.
 */
final class RedisEventDelivery implements EventDelivery, RedisOutbox.Listener {

	/**
	 * The longest last event id looked up in Redis: a longer one gets a reset at once.
	 */
	private static final int MAX_ID_LENGTH = 1024;

	private final String origin = UUID.randomUUID().toString();

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final RedisEventLog log;

	private final RedisOutage outage;

	private final RedisClock clock;

	private final long deadlineMicros;

	private final long maxReplayBytes;

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
	 * @param maxReplayBytes the most bytes a replay may hold: more missed is a reset
	 */
	RedisEventDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder, RedisEventLog log,
			RedisOutage outage, RedisClock clock, Duration timeout, long maxReplayBytes) {
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
		this.maxReplayBytes = maxReplayBytes;
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
	public BroadcastResult publish(Target target, EventSourceEvent event) {
		boolean replays = this.channels.replays(target);
		byte[] frame = this.encoder.encode(replays ? withoutId(event) : event);
		String id = replays ? event.id() : null;
		boolean queued = offer(new Outgoing(new RedisTarget(target.kind(), target.name()), false, replays, frame, id,
				this.clock.nowMicros() + this.deadlineMicros));
		return queued ? BroadcastResult.acceptedFor(this.channels.size(target)) : BroadcastResult.REFUSED;
	}

	@Override
	public BroadcastResult sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		if (registration != null) {
			return registration.session().send(event) ? BroadcastResult.acceptedFor(1) : BroadcastResult.REFUSED;
		}
		boolean queued = offer(new Outgoing(new RedisTarget(Kind.USER, sessionId), true, false,
				this.encoder.encode(event), null, this.clock.nowMicros() + this.deadlineMicros));
		return queued ? BroadcastResult.acceptedFor(0) : BroadcastResult.REFUSED;
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
		return (replayed != null)
				? new Replay(ReplayOutcome.REPLAYED, replayed.frames(), replayed.upTo(), replayed.frames().size())
				: Replay.RESET;
	}

	/**
	 * Read what a client missed from the histories of the replaying targets its stream
	 * listens to, merged in position order, at most the bytes a stream buffers. The
	 * stream must have subscribed (pending) to every target before, so that every live
	 * event after the read reaches it.
	 * <p>
	 * Without a call to Redis, an id of this cluster's form but of an epoch other than
	 * the one this instance last read, or an id longer than 1,024 characters, is answered
	 * with a reset; any other id is looked up by position, or in each target's index of
	 * application ids (one hash field per target).
	 * @param targets the replaying targets of the stream
	 * @param lastEventId the client's last event id
	 * @return the missed events and the position the read covers, or {@code null} if the
	 * client must reset (a foreign id, events dropped after it, more missed than a stream
	 * buffers, or Redis unreachable)
	 */
	@Nullable Replayed replay(List<RedisTarget> targets, String lastEventId) {
		if (lastEventId.length() > MAX_ID_LENGTH) {
			return null;
		}
		ClusterEventId id = ClusterEventId.parse(lastEventId);
		String epoch = this.log.epoch();
		if (id != null && epoch != null && !epoch.equals(id.epoch())) {
			return null;
		}
		try {
			Replayed replayed = this.log.replay(targets, (id != null) ? id.epoch() : null,
					(id != null) ? Long.toString(id.position()) : lastEventId, this.maxReplayBytes);
			this.outage.succeeded();
			return replayed;
		}
		catch (RuntimeException ex) {
			this.outage.replayFailed(String.valueOf(ex));
			return null;
		}
	}

	/**
	 * Queue an entry of the delivery log, appended by any instance, this one included,
	 * for the streams of this instance. Called on the reader's one thread, in the order
	 * of the log.
	 * @param entry the entry
	 */
	void receive(RedisEventLog.Entry entry) {
		if (RedisEventLog.SESSION.equals(entry.kind())) {
			SessionRegistry.Registration registration = this.sessions.get(entry.name());
			if (registration != null && registration.stream().offer(entry.frame())) {
				registration.stream().wake();
			}
			return;
		}
		Target target = new Target(Kind.valueOf(entry.kind()), entry.name());
		this.channels.deliver(target, entry.frame(),
				this.channels.replays(target) ? entry.position() : EventLog.UNORDERED);
	}

	@Override
	public void published() {
		this.outage.succeeded();
	}

	@Override
	public void notPublished(Outgoing event, boolean certain, String cause) {
		this.outage.publishFailed(cause, certain);
	}

	private boolean offer(Outgoing event) {
		RedisOutbox outbox = this.outbox;
		if (outbox == null || !outbox.offer(event)) {
			notPublished(event, true, "the outbox is full or stopped");
			return false;
		}
		return true;
	}

	private static EventSourceEvent withoutId(EventSourceEvent event) {
		return new EventSourceEvent(event.name(), event.data(), null, event.retry(), event.comment());
	}

}
