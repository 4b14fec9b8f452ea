package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.List;
import java.util.UUID;

import io.github.eventsource.autoconfigure.cluster.redis.RedisEventLog.Replayed;
import io.github.eventsource.broadcast.Channel;
import io.github.eventsource.broadcast.ChannelRegistry;
import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.EventDelivery;
import io.github.eventsource.broadcast.PendingSubscription;
import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OutboundStream;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.SessionRegistry;
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
	public int publish(Kind kind, String name, EventSourceEvent event) {
		if (this.channels.replays(kind, name)) {
			return append(kind, name, event);
		}
		byte[] frame = this.encoder.encode(event);
		publish(new ClusterMessage(Channel.UNORDERED, this.origin, kind.name(), name, frame));
		return deliver(kind, name, frame, Channel.UNORDERED);
	}

	@Override
	public boolean sendToSession(String sessionId, EventSourceEvent event) {
		SessionRegistry.Registration registration = this.sessions.get(sessionId);
		if (registration != null) {
			return registration.session().send(event);
		}
		publish(new ClusterMessage(Channel.UNORDERED, this.origin, ClusterMessage.SESSION, sessionId,
				this.encoder.encode(event)));
		return false;
	}

	@Override
	public Channel.Replay join(Kind kind, String name, OutboundStream stream, @Nullable String lastEventId,
			byte[] resetFrame) {
		if (lastEventId == null || !this.channels.replays(kind, name)) {
			return this.channels.join(kind, name, (channel) -> {
				channel.subscribe(stream);
				return Channel.Replay.NONE;
			});
		}
		PendingSubscription pending = this.channels.join(kind, name, (channel) -> channel.subscribePending(stream));
		Replayed replayed;
		try {
			replayed = replay(kind, name, lastEventId);
		}
		catch (RuntimeException ex) {
			// never leave the stream holding its live events
			pending.start(List.of(resetFrame), Long.MIN_VALUE);
			throw ex;
		}
		if (replayed == null) {
			pending.start(List.of(resetFrame), Long.MIN_VALUE);
			return new Channel.Replay(ReplayOutcome.RESET, 0);
		}
		pending.start(replayed.frames(), replayed.upTo());
		return new Channel.Replay(ReplayOutcome.REPLAYED, replayed.frames().size());
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
			if (registration != null) {
				registration.stream().offer(message.frame());
			}
			return;
		}
		deliver(Kind.valueOf(message.kind()), message.name(), message.frame(), message.position());
	}

	private int append(Kind kind, String name, EventSourceEvent event) {
		byte[] body = this.encoder
			.encode(new EventSourceEvent(event.name(), event.data(), null, event.retry(), event.comment()));
		String id = event.id();
		try {
			long position = this.log.append(kind, name, ClusterMessage.head(this.origin, kind.name(), name), body, id);
			this.outage.succeeded();
			return deliver(kind, name, EventEncoder.withId((id != null) ? id : Long.toString(position), body), position);
		}
		catch (DataAccessException ex) {
			this.outage.publishFailed(ex);
			return deliver(kind, name, (id != null) ? EventEncoder.withId(id, body) : body, Channel.UNORDERED);
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

	private @Nullable Replayed replay(Kind kind, String name, String lastEventId) {
		try {
			Replayed replayed = this.log.replay(kind, name, lastEventId);
			this.outage.succeeded();
			return replayed;
		}
		catch (DataAccessException ex) {
			this.outage.replayFailed(ex);
			return null;
		}
	}

	private int deliver(Kind kind, String name, byte[] frame, long position) {
		Channel channel = this.channels.get(kind, name);
		return (channel != null) ? channel.deliver(frame, position) : 0;
	}

}
