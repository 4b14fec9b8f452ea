package io.github.eventsource.broadcast;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.core.EventEncoder;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.OutboundStream;
import io.github.eventsource.core.ReplayOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The streams of one path, group or user, with the path's or group's event ids and
 * replay history when replay is enabled.
 * <p>
 * Thread-safe. Publishing and subscribing take the same lock, so a subscriber gets
 * exactly the events it missed followed by every live event, in order, with none lost or
 * repeated in between. The lock is held while frames are queued, never during I/O.
 * <p>
 * Events encoded elsewhere (on another instance) are {@link #deliver(byte[], long)
 * delivered} with their position in their target's order, and a stream whose history is
 * read elsewhere {@link #subscribePending(OutboundStream) subscribes pending} and skips
 * the events its replay already gave it.
 *
 * @since 0.1.0
 */
public final class Channel {

	/**
	 * The position of an event that is not ordered: no stream skips it.
	 */
	public static final long UNORDERED = Long.MAX_VALUE;

	private final Map<OutboundStream, Subscriber> streams = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final @Nullable ReplayHistory history;

	private long lastId;

	/**
	 * Create a channel.
	 * @param history the replay history, or {@code null} if this channel keeps none
	 */
	public Channel(@Nullable ReplayHistory history) {
		this.history = history;
	}

	/**
	 * Encode an event once and queue it for every stream; with a history, give it the
	 * next id if it has none and keep it.
	 * @param event the event
	 * @param encoder the encoder
	 * @return the number of streams the event was queued for
	 */
	public int publish(EventSourceEvent event, EventEncoder encoder) {
		this.lock.lock();
		try {
			if (this.history != null && event.id() == null) {
				event = event.withId(Long.toString(++this.lastId));
			}
			byte[] frame = encoder.encode(event);
			if (this.history != null) {
				this.history.add(event.id(), frame);
			}
			return offer(frame, UNORDERED);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Queue an event encoded elsewhere for every stream whose replay did not include it.
	 * The history of this channel is left alone.
	 * @param frame the encoded event; shared, never modified
	 * @param position the event's position in its target's order, or {@link #UNORDERED}
	 * @return the number of streams the event was queued for
	 */
	public int deliver(byte[] frame, long position) {
		this.lock.lock();
		try {
			return offer(frame, position);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add a stream, first queueing the events it missed after its last event id.
	 * @param stream the stream
	 * @param lastEventId the client's last event id, or {@code null}
	 * @param resetFrame queued instead when the id is not in the history
	 * @return what happened to the last event id
	 */
	public Replay subscribe(OutboundStream stream, @Nullable String lastEventId, byte[] resetFrame) {
		this.lock.lock();
		try {
			Replay outcome = replay(stream, lastEventId, resetFrame);
			this.streams.put(stream, Subscriber.live(stream));
			return outcome;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add a stream without replay.
	 * @param stream the stream
	 */
	public void subscribe(OutboundStream stream) {
		this.streams.put(stream, Subscriber.live(stream));
	}

	/**
	 * Add a stream whose replay is read elsewhere: its live events are held aside until
	 * the returned subscription is started with the replayed events.
	 * @param stream the stream
	 * @return the subscription to start once the replay is read
	 */
	public PendingSubscription subscribePending(OutboundStream stream) {
		Subscriber subscriber = Subscriber.pending(stream);
		this.lock.lock();
		try {
			this.streams.put(stream, subscriber);
		}
		finally {
			this.lock.unlock();
		}
		return (replayed, replayedUpTo) -> {
			this.lock.lock();
			try {
				subscriber.start(replayed, replayedUpTo);
			}
			finally {
				this.lock.unlock();
			}
		};
	}

	/**
	 * Remove a stream.
	 * @param stream the stream
	 */
	public void unsubscribe(OutboundStream stream) {
		this.streams.remove(stream);
	}

	/**
	 * Return the number of streams.
	 * @return the number of streams
	 */
	public int size() {
		return this.streams.size();
	}

	/**
	 * Return the number of events in the history.
	 * @return the history size, zero without a history
	 */
	public int historySize() {
		this.lock.lock();
		try {
			return (this.history != null) ? this.history.size() : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	private int offer(byte[] frame, long position) {
		int reached = 0;
		for (Subscriber subscriber : this.streams.values()) {
			if (subscriber.offer(frame, position)) {
				reached++;
			}
		}
		return reached;
	}

	boolean isDisposable() {
		return this.streams.isEmpty() && this.history == null;
	}

	private Replay replay(OutboundStream stream, @Nullable String lastEventId, byte[] resetFrame) {
		if (this.history == null || lastEventId == null) {
			return Replay.NONE;
		}
		List<byte[]> missed = this.history.after(lastEventId);
		if (missed == null) {
			stream.offer(resetFrame);
			return new Replay(ReplayOutcome.RESET, 0);
		}
		missed.forEach(stream::offer);
		return new Replay(ReplayOutcome.REPLAYED, missed.size());
	}

	/**
	 * What a subscription replayed.
	 *
	 * @param outcome what happened to the last event id
	 * @param events the number of events replayed
	 */
	public record Replay(ReplayOutcome outcome, int events) {

		/**
		 * Nothing replayed: the stream sent no last event id, or its target keeps no
		 * history.
		 */
		public static final Replay NONE = new Replay(ReplayOutcome.NONE, 0);

	}

}
