package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.Collection;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
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

import org.springframework.dao.DataAccessException;

/**
 * {@link EventDelivery} to the streams of every instance that shares a Redis key prefix.
 * <p>
 * A send encodes its event once, publishes the bytes once to Redis and queues them for
 * the streams of this instance directly, so that they keep getting events while Redis is
 * unreachable; the other instances {@link #receive(ClusterMessage) receive} the bytes and
 * queue them as they are. Paths and groups that replay get their event ids from Redis,
 * which keeps their history: a client replays from it after reconnecting to any instance.
 * <p>
 * Thread-safe. Every send, except one to a session of this instance, waits for one round
 * trip to Redis.
 */
final class RedisEventDelivery implements EventDelivery {

	private final String origin = UUID.randomUUID().toString();

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final RedisEventLog log;

	private final RedisOutage outage;

	RedisEventDelivery(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder, RedisEventLog log,
			RedisOutage outage) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
		this.log = log;
		this.outage = outage;
	}

	@Override
	public int publish(Target target, EventSourceEvent event) {
		if (this.channels.replays(target)) {
			return append(target, event);
		}
		byte[] frame = this.encoder.encode(event);
		publish(new ClusterMessage(OutboundStream.UNORDERED, this.origin, target.kind().name(), target.name(),
				frame));
		return this.channels.deliver(target, frame, OutboundStream.UNORDERED);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		if (registration != null) {
			return registration.session().send(event);
		}
		publish(new ClusterMessage(OutboundStream.UNORDERED, this.origin, ClusterMessage.SESSION, sessionId,
				this.encoder.encode(event)));
		return false;
	}

	/**
	 * Read what a stream missed from the history of its path in Redis; the histories of
	 * groups are not replayed, as their positions are not comparable with the path's.
	 */
	@Override
	public Replay replay(Collection<Target> targets, String lastEventId) {
		Target path = targets.stream()
			.filter((target) -> target.kind() == Kind.PATH && this.channels.replays(target))
			.findFirst()
			.orElse(null);
		if (path == null) {
			return Replay.NONE;
		}
		Replayed replayed = replay(path, lastEventId);
		return (replayed != null) ? new Replay(ReplayOutcome.REPLAYED, replayed.frames(), replayed.upTo())
				: Replay.RESET;
	}

	/**
	 * Queue an event published by another instance for the streams of this instance;
	 * ignore the events of this instance, which it queued when it sent them.
	 * @param message the message
	 */
	void receive(ClusterMessage message) {
		if (message.origin().equals(this.origin)) {
			return;
		}
		if (ClusterMessage.SESSION.equals(message.kind())) {
			SessionRegistry.Registration registration = this.sessions.get(message.name());
			if (registration != null && registration.stream().offer(message.frame(), OutboundStream.UNORDERED)) {
				registration.stream().flush();
			}
			return;
		}
		Kind kind = Kind.valueOf(message.kind());
		this.channels.deliver(new Target(kind, message.name()), message.frame(),
				(kind == Kind.PATH) ? message.position() : OutboundStream.UNORDERED);
	}

	private int append(Target target, EventSourceEvent event) {
		Kind kind = target.kind();
		String name = target.name();
		byte[] body = this.encoder
			.encode(new EventSourceEvent(event.name(), event.data(), null, event.retry(), event.comment()));
		String id = event.id();
		try {
			long position = this.log.append(kind, name, ClusterMessage.head(this.origin, kind.name(), name), body, id);
			this.outage.succeeded();
			return this.channels.deliver(target, EventEncoder.withId((id != null) ? id : Long.toString(position), body),
					(kind == Kind.PATH) ? position : OutboundStream.UNORDERED);
		}
		catch (DataAccessException ex) {
			this.outage.publishFailed(ex);
			return this.channels.deliver(target, (id != null) ? EventEncoder.withId(id, body) : body,
					OutboundStream.UNORDERED);
		}
	}

	private void publish(ClusterMessage message) {
		try {
			this.log.publish(message);
			this.outage.succeeded();
		}
		catch (DataAccessException ex) {
			this.outage.publishFailed(ex);
		}
	}

	private @Nullable Replayed replay(Target target, String lastEventId) {
		try {
			Replayed replayed = this.log.replay(target.kind(), target.name(), lastEventId);
			this.outage.succeeded();
			return replayed;
		}
		catch (DataAccessException ex) {
			this.outage.replayFailed(ex);
			return null;
		}
	}

}
