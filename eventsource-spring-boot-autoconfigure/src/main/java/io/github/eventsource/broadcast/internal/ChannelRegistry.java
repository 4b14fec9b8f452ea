package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.Expirable;
import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The channels of this instance, one per target (concrete path, group, user) with open
 * streams or a history, and the timeline that orders their events.
 * <p>
 * Every event sent to a target that replays gets the next position of one timeline
 * shared by every target, and its id is that position in decimal unless the event has an
 * id of its own. A stream listens to several targets (its path, its user, the groups it
 * joined) and receives their events in timeline order, so the last id a client saw
 * orders against all of them: a reconnect {@link #replay(Collection, String) replays}
 * exactly what it missed from every target, in order, once. Positions start at the
 * instance's start time in microseconds, so ids of an earlier run are older than every
 * id of this one and lead to a reset.
 * <p>
 * Thread-safe. One lock orders sends, subscriptions and replays; it is held while frames
 * are queued, never while events are encoded or frames written. Histories are bounded in events, bytes and
 * age, and all of them together in bytes, the oldest events evicted first; a channel
 * without streams is removed once its history is empty, and {@link #expire()} evicts by
 * age without waiting for the next event.
 */
public final class ChannelRegistry implements Expirable {

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<Target, Channel> channels = new HashMap<>();

	private final ReplaySettings replay;

	private final ReplayLog log;

	private final List<PathPattern> replayPaths = new CopyOnWriteArrayList<>();

	private final long origin;

	private long position;

	private long forgottenFloor;

	/**
	 * Create a registry.
	 * @param replay the replay settings
	 * @param clock the clock that stamps history entries and starts the timeline
	 */
	public ChannelRegistry(ReplaySettings replay, Clock clock) {
		this.replay = replay;
		this.log = new ReplayLog(new ReplayLog.Bounds(replay.maxEvents(), replay.maxBytes(), replay.maxAge(),
				replay.maxTotalBytes()), clock);
		this.origin = clock.millis() * 1000;
		this.position = this.origin;
		this.forgottenFloor = this.origin;
	}

	/**
	 * Keep a replay history for the concrete paths that match the given patterns, even
	 * when replay is not enabled for every path.
	 * @param pathPatterns path patterns, such as {@code /rooms/{room}}
	 */
	public void addReplayPaths(Collection<String> pathPatterns) {
		pathPatterns.forEach((pattern) -> this.replayPaths.add(PathPatternParser.defaultInstance.parse(pattern)));
	}

	/**
	 * Return whether a target replays: its events get a position and an id, and are kept
	 * in its history.
	 * @param target the target
	 * @return whether the target replays
	 */
	public boolean replays(Target target) {
		return switch (target.kind()) {
			case USER, GROUP -> this.replay.enabled();
			case PATH -> this.replay.enabled() || matchesReplayPath(target.name());
		};
	}

	/**
	 * Encode an event once, outside the lock, and queue it for every stream of a target,
	 * then wake their writers; if the target replays, give the event the next position
	 * (and id, unless it has one) and keep it.
	 * @param target the target
	 * @param event the event
	 * @param encoder the encoder
	 * @return the number of streams that queued the event
	 */
	public int publish(Target target, EventSourceEvent event, EventEncoder encoder) {
		boolean replays = replays(target);
		if (!replays && size(target) == 0) {
			return 0;
		}
		// encoded before the lock, so that no target waits while another's JSON is written
		byte[] encoded = encoder.encode(event);
		List<OutboundStream> offered = new ArrayList<>();
		int reached;
		this.lock.lock();
		try {
			Channel channel = replays ? channel(target) : this.channels.get(target);
			if (channel == null) {
				return 0;
			}
			long position = OutboundStream.UNORDERED;
			byte[] frame = encoded;
			ReplayHistory history = channel.history();
			if (history != null) {
				position = ++this.position;
				String id = event.id();
				if (id == null) {
					id = Long.toString(position);
					frame = EventEncoder.withId(id, encoded);
				}
				this.log.append(history, position, id, frame);
			}
			reached = channel.offer(frame, position, offered);
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream.wakeAll(offered);
		return reached;
	}

	/**
	 * Queue an event encoded and positioned elsewhere (on another instance of a cluster)
	 * for every stream of a target, then wake their writers.
	 * The histories of this instance are left alone.
	 * @param target the target
	 * @param frame the encoded event; shared, never modified
	 * @param position the event's position in the timeline, or
	 * {@link OutboundStream#UNORDERED}
	 * @return the number of streams that queued the event
	 */
	public int deliver(Target target, byte[] frame, long position) {
		List<OutboundStream> offered = new ArrayList<>();
		int reached;
		this.lock.lock();
		try {
			Channel channel = this.channels.get(target);
			reached = (channel != null) ? channel.offer(frame, position, offered) : 0;
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream.wakeAll(offered);
		return reached;
	}

	/**
	 * Add a stream to a target.
	 * @param target the target
	 * @param stream the stream
	 */
	public void subscribe(Target target, OutboundStream stream) {
		this.lock.lock();
		try {
			channel(target).subscribe(stream);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a stream from a target; the channel goes once it has neither streams nor
	 * history.
	 * @param target the target
	 * @param stream the stream
	 */
	public void unsubscribe(Target target, OutboundStream stream) {
		this.lock.lock();
		try {
			Channel channel = this.channels.get(target);
			if (channel != null) {
				channel.unsubscribe(stream);
				removeIfDisposable(target, channel);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Read what a stream of the given targets missed after its last event id from their
	 * histories on this instance, in timeline order.
	 * @param targets the stream's targets
	 * @param lastEventId the client's last event id
	 * @return the replay: {@link Replay#NONE} if no target replays, {@link Replay#RESET}
	 * if the id is unknown or older than what a history still holds
	 */
	public Replay replay(Collection<Target> targets, String lastEventId) {
		List<Target> replaying = targets.stream().filter(this::replays).toList();
		if (replaying.isEmpty()) {
			return Replay.NONE;
		}
		this.lock.lock();
		try {
			Long after = positionOf(replaying, lastEventId);
			if (after == null) {
				return Replay.RESET;
			}
			List<ReplayLog.Entry> missed = new ArrayList<>();
			for (Target target : replaying) {
				Channel channel = this.channels.get(target);
				ReplayHistory history = (channel != null) ? channel.history() : null;
				long floor = (history != null) ? history.floor() : this.forgottenFloor;
				if (floor > after) {
					return Replay.RESET;
				}
				if (history != null) {
					history.after(after, missed);
				}
			}
			missed.sort(Comparator.comparingLong(ReplayLog.Entry::position));
			return new Replay(ReplayOutcome.REPLAYED, missed.stream().map(ReplayLog.Entry::frame).toList(),
					this.position);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Evict the events older than the maximum age, and remove the channels left with
	 * neither streams nor history.
	 */
	@Override
	public void expire() {
		this.lock.lock();
		try {
			this.log.expire();
			for (Iterator<Map.Entry<Target, Channel>> channels = this.channels.entrySet().iterator(); channels
				.hasNext();) {
				Map.Entry<Target, Channel> entry = channels.next();
				if (entry.getValue().isDisposable()) {
					forget(entry.getValue());
					channels.remove();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of streams of a target.
	 * @param target the target
	 * @return the number of streams
	 */
	public int size(Target target) {
		this.lock.lock();
		try {
			Channel channel = this.channels.get(target);
			return (channel != null) ? channel.size() : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of channels: targets with open streams or a history.
	 * @return the number of channels
	 */
	public int channelCount() {
		this.lock.lock();
		try {
			return this.channels.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the bytes of every replay history of this instance.
	 * @return the bytes
	 */
	public long historyBytes() {
		this.lock.lock();
		try {
			return this.log.bytes();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Call the action for every channel of a kind, with its number of streams and of
	 * events in its history.
	 * @param kind the kind of target
	 * @param action receives the name, the number of streams and the history size
	 */
	public void forEach(Kind kind, ChannelAction action) {
		List<Runnable> calls = new ArrayList<>();
		this.lock.lock();
		try {
			this.channels.forEach((target, channel) -> {
				if (target.kind() == kind) {
					int streams = channel.size();
					int history = channel.historySize();
					calls.add(() -> action.accept(target.name(), streams, history));
				}
			});
		}
		finally {
			this.lock.unlock();
		}
		calls.forEach(Runnable::run);
	}

	private Channel channel(Target target) {
		return this.channels.computeIfAbsent(target,
				(key) -> new Channel(replays(key) ? new ReplayHistory(this.forgottenFloor) : null));
	}

	private void removeIfDisposable(Target target, Channel channel) {
		if (channel.isDisposable()) {
			forget(channel);
			this.channels.remove(target);
		}
	}

	private void forget(Channel channel) {
		ReplayHistory history = channel.history();
		if (history != null) {
			this.forgottenFloor = Math.max(this.forgottenFloor, history.floor());
		}
	}

	private @Nullable Long positionOf(List<Target> targets, String lastEventId) {
		try {
			long position = Long.parseLong(lastEventId);
			if (position >= this.origin && position <= this.position) {
				return position;
			}
		}
		catch (NumberFormatException ex) {
			// an id of the application's own: look it up below
		}
		for (Target target : targets) {
			Channel channel = this.channels.get(target);
			ReplayHistory history = (channel != null) ? channel.history() : null;
			Long position = (history != null) ? history.positionOf(lastEventId) : null;
			if (position != null) {
				return position;
			}
		}
		return null;
	}

	private boolean matchesReplayPath(String path) {
		if (this.replayPaths.isEmpty()) {
			return false;
		}
		PathContainer container = PathContainer.parsePath(path);
		return this.replayPaths.stream().anyMatch((pattern) -> pattern.matches(container));
	}

	/**
	 * Receives one channel's figures.
	 */
	@FunctionalInterface
	public interface ChannelAction {

		/**
		 * Receive one channel's figures.
		 * @param name the path, group or user name
		 * @param streams the number of its streams
		 * @param historySize the number of events in its history
		 */
		void accept(String name, int streams, int historySize);

	}

	/**
	 * The kinds of delivery target.
	 */
	public enum Kind {

		/**
		 * A concrete endpoint path.
		 */
		PATH,

		/**
		 * A group that sessions joined.
		 */
		GROUP,

		/**
		 * A user, by principal name.
		 */
		USER

	}

	/**
	 * Which targets keep a replay history, and its bounds.
	 *
	 * @param enabled whether every path, group and user keeps a history
	 * @param maxEvents the maximum number of events of one history
	 * @param maxBytes the maximum bytes of one history
	 * @param maxAge the maximum age of events kept
	 * @param maxTotalBytes the maximum bytes of every history of the instance together
	 */
	public record ReplaySettings(boolean enabled, int maxEvents, long maxBytes, Duration maxAge,
			long maxTotalBytes) {
	}

}
