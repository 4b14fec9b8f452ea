package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.EventLog.Retention;
import io.github.eventsource.core.internal.Expirable;
import io.github.eventsource.core.internal.LogBounds;
import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The channels of this instance: the {@link EventLog log} of each target (concrete path,
 * group, user) with readers or a history, on the instance's one timeline.
 * <p>
 * Every event sent to a target that replays gets the next position of one timeline
 * shared by every target, and its id is that position in decimal unless the event has an
 * id of its own. A stream reads the logs of several targets (its path, its user, the
 * groups it joined) and takes their events in timeline order, so the last id a client
 * saw orders against all of them: a reconnect {@link #replay(Collection, String)
 * replays} exactly what it missed from every target, in order, once, by reading their
 * logs from that position. Positions start at the instance's start time in
 * microseconds, so ids of an earlier run are older than every id of this one and lead to
 * a reset.
 * <p>
 * The log of a target that replays is its history, bounded in events, bytes and age,
 * and all of them together in bytes, the oldest events evicted first; the log of any
 * other target (and, in a cluster, where the histories live in Redis, of every target)
 * keeps an event until its readers took it, within the bounds of what a stream may
 * buffer. A log without readers goes once it is empty; {@link #expire()} evicts by age
 * without waiting for the next event.
 * <p>
 * Thread-safe, without a lock shared by the targets: each log has its own, held while
 * an event is appended, never while it is encoded or written.
 */
public final class ChannelRegistry implements Expirable {

	private final Map<Target, EventLog> logs = new ConcurrentHashMap<>();

	private final ReplaySettings replay;

	private final EventLog.Timeline timeline;

	private final EventLog.Budget budget;

	private final EventLog.Bounds unread;

	private final List<PathPattern> replayPaths = new CopyOnWriteArrayList<>();

	private final AtomicLong forgottenFloor;

	/**
	 * Create a registry.
	 * @param replay the replay settings
	 * @param streams the bounds of each stream, which also bound what the log of a target
	 * without history keeps for its readers
	 * @param clock the clock that stamps history entries and starts the timeline
	 */
	public ChannelRegistry(ReplaySettings replay, OutboundStream.Bounds streams, Clock clock) {
		this.replay = replay;
		this.timeline = new EventLog.Timeline(clock);
		this.budget = new EventLog.Budget(replay.maxTotalBytes(), replay.history().maxAge(), clock);
		this.unread = new EventLog.Bounds(streams.maxFrames(), streams.maxBytes(), Retention.READ);
		this.forgottenFloor = new AtomicLong(this.timeline.origin());
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
	 * Return the instance's timeline, which orders the logs of every target and
	 * generation.
	 * @return the timeline
	 */
	public EventLog.Timeline timeline() {
		return this.timeline;
	}

	/**
	 * Return the bounds of the history of one target, which a resumable generation and a
	 * history kept elsewhere share.
	 * @return the bounds
	 */
	public LogBounds history() {
		return this.replay.history();
	}

	/**
	 * Return whether a target replays: its events get a position and an id, and are kept
	 * in its history.
	 * @param target the target
	 * @return whether the target replays
	 */
	public boolean replays(Target target) {
		return this.replay.enabled() || (target.kind() == Kind.PATH && matchesReplayPath(target.name()));
	}

	/**
	 * Encode an event once, outside any lock, append it to the log of a target and wake
	 * its readers; if the target replays, the event gets the next position (and id,
	 * unless it has one) and stays in the history.
	 * @param target the target
	 * @param event the event
	 * @param encoder the encoder
	 * @return the number of streams that read the log
	 */
	public int publish(Target target, EventSourceEvent event, EventEncoder encoder) {
		// whether the target keeps a history (a path match) is asked only of one without a log
		if (!this.logs.containsKey(target) && !keepsHistory(target)) {
			return 0;
		}
		// encoded before the lock, so that no target waits while another's JSON is written
		byte[] encoded = encoder.encode(event);
		List<List<OutboundStream>> woken = new ArrayList<>(1);
		this.logs.compute(target, (key, log) -> {
			if (log == null && !keepsHistory(key)) {
				return null;
			}
			EventLog appended = (log != null) ? log : newLog(key);
			woken.add(appended.append(encoded, event.id()));
			return appended;
		});
		return wake(woken);
	}

	/**
	 * Append an event encoded and positioned elsewhere (on another instance of a
	 * cluster), or a frame that is not replayable (presence), to the log of a target, and
	 * wake its readers. A target without readers takes nothing.
	 * @param target the target
	 * @param frame the encoded event; shared, never modified
	 * @param position the event's position in the timeline, or
	 * {@link EventLog#UNORDERED}
	 * @return the number of streams that read the log
	 */
	public int deliver(Target target, byte[] frame, long position) {
		List<List<OutboundStream>> woken = new ArrayList<>(1);
		this.logs.computeIfPresent(target, (key, log) -> {
			woken.add(log.deliver(frame, position));
			return log;
		});
		return wake(woken);
	}

	private static int wake(List<List<OutboundStream>> woken) {
		if (woken.isEmpty()) {
			return 0;
		}
		OutboundStream.wakeAll(woken.get(0));
		return woken.get(0).size();
	}

	/**
	 * Make a stream a reader of a target's log, from its end on.
	 * @param target the target
	 * @param stream the stream
	 */
	public void subscribe(Target target, OutboundStream stream) {
		List<EventLog.Cursor> cursor = new ArrayList<>(1);
		this.logs.compute(target, (key, log) -> {
			EventLog subscribed = (log != null) ? log : newLog(key);
			cursor.add(subscribed.subscribe(stream));
			return subscribed;
		});
		stream.follow(cursor.get(0));
		stream.wake();
	}

	/**
	 * Stop a stream reading a target's log; the log goes once it has neither readers nor
	 * entries.
	 * @param target the target
	 * @param stream the stream
	 */
	public void unsubscribe(Target target, OutboundStream stream) {
		List<EventLog.Cursor> cursor = new ArrayList<>(1);
		this.logs.computeIfPresent(target, (key, log) -> {
			EventLog.Cursor removed = log.unsubscribe(stream);
			if (removed != null) {
				cursor.add(removed);
			}
			return disposed(log) ? null : log;
		});
		cursor.forEach(stream::unfollow);
	}

	/**
	 * Check that the logs of the given targets still hold what a stream missed after its
	 * last event id: the stream then reads them from that position.
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
		Long after = positionOf(replaying, lastEventId);
		if (after == null) {
			return Replay.RESET;
		}
		int missed = 0;
		for (Target target : replaying) {
			EventLog log = this.logs.get(target);
			if (((log != null) ? log.floor() : this.forgottenFloor.get()) > after) {
				return Replay.RESET;
			}
			missed += (log != null) ? log.countAfter(after) : 0;
		}
		return new Replay(ReplayOutcome.REPLAYED, List.of(), after, missed);
	}

	/**
	 * Evict the events older than the maximum age and what the readers of the other logs
	 * took, and remove the logs left with neither readers nor entries.
	 */
	@Override
	public void expire() {
		this.budget.expire();
		for (Target target : this.logs.keySet()) {
			this.logs.computeIfPresent(target, (key, log) -> {
				log.expire();
				return disposed(log) ? null : log;
			});
		}
	}

	/**
	 * Return the number of streams of a target.
	 * @param target the target
	 * @return the number of streams
	 */
	public int size(Target target) {
		EventLog log = this.logs.get(target);
		return (log != null) ? log.readers() : 0;
	}

	/**
	 * Return the number of channels: targets with readers or a history.
	 * @return the number of channels
	 */
	public int channelCount() {
		return this.logs.size();
	}

	/**
	 * Return the bytes of every replay history of this instance.
	 * @return the bytes
	 */
	public long historyBytes() {
		return this.budget.bytes();
	}

	/**
	 * Call the action for every channel of a kind, with its number of streams and of
	 * events in its history.
	 * @param kind the kind of target
	 * @param action receives the name, the number of streams and the history size
	 */
	public void forEach(Kind kind, ChannelAction action) {
		this.logs.forEach((target, log) -> {
			if (target.kind() == kind) {
				action.accept(target.name(), log.readers(), log.isHistory() ? log.size() : 0);
			}
		});
	}

	/**
	 * Return whether a target's log on this instance is its history: it replays, and the
	 * histories do not live elsewhere.
	 */
	private boolean keepsHistory(Target target) {
		return !this.replay.keptElsewhere() && replays(target);
	}

	private EventLog newLog(Target target) {
		boolean history = keepsHistory(target);
		EventLog.Bounds bounds = history ? this.replay.history().of(Retention.HISTORY) : this.unread;
		return new EventLog(this.timeline, replays(target), bounds, history ? this.budget : null,
				this.forgottenFloor.get());
	}

	/**
	 * Return whether a log may go, remembering the floor of its history if it does.
	 */
	private boolean disposed(EventLog log) {
		if (!log.isDisposable()) {
			return false;
		}
		this.forgottenFloor.accumulateAndGet(log.floor(), Math::max);
		return true;
	}

	private @Nullable Long positionOf(List<Target> targets, String lastEventId) {
		try {
			long position = Long.parseLong(lastEventId);
			if (position >= this.timeline.origin() && position <= this.timeline.current()) {
				return position;
			}
		}
		catch (NumberFormatException ex) {
			// an id of the application's own: look it up below
		}
		for (Target target : targets) {
			EventLog log = this.logs.get(target);
			Long position = (log != null) ? log.positionOf(lastEventId) : null;
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
	 * Which targets keep a replay history, and the bounds of histories; the defaults are
	 * those of the {@code eventsource.replay.*} properties.
	 */
	public static final class ReplaySettings {

		/**
		 * Whether every path, group and user keeps a history.
		 */
		private boolean enabled;

		/**
		 * The bounds of one history.
		 */
		private final LogBounds history = new LogBounds();

		/**
		 * The maximum bytes of every history of the instance together.
		 */
		private long maxTotalBytes = 64 * 1024 * 1024;

		/**
		 * Whether the histories live elsewhere (in Redis, for a cluster), so that every
		 * log of this instance keeps its events only until its readers took them.
		 */
		private boolean keptElsewhere;

		public boolean enabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public LogBounds history() {
			return this.history;
		}

		public long maxTotalBytes() {
			return this.maxTotalBytes;
		}

		public void setMaxTotalBytes(long maxTotalBytes) {
			this.maxTotalBytes = maxTotalBytes;
		}

		public boolean keptElsewhere() {
			return this.keptElsewhere;
		}

		public void setKeptElsewhere(boolean keptElsewhere) {
			this.keptElsewhere = keptElsewhere;
		}

	}

}
