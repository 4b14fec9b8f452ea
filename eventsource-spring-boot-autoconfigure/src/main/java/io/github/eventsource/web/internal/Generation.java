package io.github.eventsource.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.RandomIds;
import org.jspecify.annotations.Nullable;

/**
 * One run of a resumable endpoint's source for one concrete path, shared by the streams
 * of that path: a {@link EventLog log} fed by the source, every event with an id, kept
 * within the replay bounds, so that a stream that attaches later reads what it missed
 * from the log, then the live rest, then the end.
 * <p>
 * The source is asked for more while the fastest reader of the log is near its end, or
 * while none listens (the generation goes on alone until the grace period is over), and,
 * in a cluster, while the events on their way to the other instances leave room.
 * Thread-safe: one lock orders events and attachments, held while frames are appended,
 * never while they are written.
 */
final class Generation implements SourceSink, StreamFeed {

	private final String path;

	private final String key;

	private final EventEncoder encoder;

	private final EventLog log;

	private final ReentrantLock lock = new ReentrantLock();

	private final Set<EndpointSession> listeners = new LinkedHashSet<>();

	private long index;

	private @Nullable Long endedNanos;

	private final long startedNanos = System.nanoTime();

	private long unlistenedSinceNanos = this.startedNanos;

	private int attachments;

	private long indexWhenUnlistened;

	private final Generations.Settings settings;

	private final @Nullable GenerationMirror mirror;

	private volatile @Nullable SourceSubscriber subscriber;

	/**
	 * What the mirror runs once it has room: one instance, so that it keeps one per
	 * generation however often it is asked.
	 */
	private final Runnable resume = this::written;

	/**
	 * Create a generation that has no source yet: run here, or followed from the instance
	 * that runs it.
	 * @param path the concrete path
	 * @param key the generation's key, the prefix of the ids it gives
	 * @param encoder encodes each event once
	 * @param timeline the instance's timeline
	 * @param settings the events and bytes kept, the grace periods, and how long once
	 * ended
	 * @param mirror told of every event and of the end of a generation run here that
	 * other instances follow, or {@code null}; called under the generation's lock, it
	 * never waits
	 */
	Generation(String path, String key, EventEncoder encoder, EventLog.Timeline timeline,
			Generations.Settings settings, @Nullable GenerationMirror mirror) {
		this.path = path;
		this.key = key;
		this.encoder = encoder;
		this.log = new EventLog(timeline, true, settings.history().of(EventLog.Retention.RUN), null, timeline.origin());
		this.settings = settings;
		this.mirror = mirror;
	}

	/**
	 * Return a new key for a generation.
	 * @return a short random key
	 */
	static String newKey() {
		return RandomIds.next().substring(0, 8);
	}

	/**
	 * Return the generation's key.
	 * @return the key
	 */
	String key() {
		return this.key;
	}

	/**
	 * Return the concrete path of the generation.
	 * @return the path
	 */
	String path() {
		return this.path;
	}

	/**
	 * Subscribe to the source, which the first stream's {@code @OnOpen} returned.
	 * @param source the source, or {@code null} if it returned none: the generation fails
	 * @param events what the elements and the end become
	 */
	void run(Flow.@Nullable Publisher<?> source, SourceEvents events) {
		SourceSubscriber subscriber = new SourceSubscriber(this, events, "Resumable source of " + this.path);
		this.subscriber = subscriber;
		if (source != null) {
			source.subscribe(subscriber);
		}
		else {
			subscriber.onError(new IllegalStateException("@OnOpen of a resumable endpoint returned no source"));
		}
	}

	/**
	 * Attach a stream: make it a reader of the log from the entry after its last event
	 * id (from the oldest kept if it has none, after the reset event if the id is
	 * unknown), and end it once it read the log if the generation has ended.
	 * @param session the session of the stream, open and not started
	 * @param resetFrame the reset event
	 */
	void attach(EndpointSession session, byte[] resetFrame) {
		OutboundStream stream = session.stream();
		if (stream == null) {
			return;
		}
		String lastEventId = session.getLastEventId();
		ReplayOutcome outcome;
		EventLog.Cursor cursor;
		int missed;
		boolean ended;
		this.lock.lock();
		try {
			Long start = (lastEventId != null) ? this.log.indexAfter(lastEventId) : null;
			outcome = (start != null) ? ReplayOutcome.REPLAYED
					: (lastEventId != null || this.log.isTruncated()) ? ReplayOutcome.RESET : ReplayOutcome.NONE;
			cursor = this.log.subscribe(stream, (start != null) ? start : 0);
			// the log's indices count the generation's events
			missed = (start != null) ? (int) (this.index - start) : 0;
			ended = this.endedNanos != null;
			if (!ended) {
				this.listeners.add(session);
				this.attachments++;
			}
		}
		finally {
			this.lock.unlock();
		}
		stream.follow(cursor);
		List<byte[]> reset = (outcome == ReplayOutcome.RESET) ? List.of(resetFrame) : List.of();
		session.start(new Replay(outcome, reset, OutboundStream.NOTHING_REPLAYED, missed));
		session.feed(this);
		if (ended) {
			session.complete(null);
		}
	}

	@Override
	public boolean send(EventSourceEvent event) {
		List<OutboundStream> offered;
		this.lock.lock();
		try {
			if (this.endedNanos != null) {
				return false;
			}
			offered = append(event);
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream.wakeAll(offered);
		return true;
	}

	/**
	 * Take events that the instance running this generation appended, in order; those
	 * this generation took already (two threads read the same range) are skipped, so
	 * each is taken once.
	 * @param from the position of the first of the events
	 * @param events the events, encoded there, ids included
	 */
	void follow(long from, List<GenerationMirror.Event> events) {
		List<OutboundStream> woken = List.of();
		this.lock.lock();
		try {
			if (this.endedNanos != null || from > this.index) {
				return;
			}
			for (int i = (int) (this.index - from); i < events.size(); i++) {
				GenerationMirror.Event event = events.get(i);
				woken = this.log.append(event.frame(), event.id());
				this.index++;
			}
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream.wakeAll(woken);
	}

	/**
	 * Return how many events the generation took so far, the evicted ones included: the
	 * position of the next one.
	 * @return the number of events
	 */
	int size() {
		this.lock.lock();
		try {
			return (int) this.index;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether streams of this instance listen to the generation.
	 * @return whether it has a stream here
	 */
	boolean isListened() {
		this.lock.lock();
		try {
			return !this.listeners.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean hasRoom() {
		return (this.mirror == null || this.mirror.hasRoom(this.resume)) && this.log.hasRoom();
	}

	@Override
	public void complete(@Nullable EventSourceEvent last) {
		List<OutboundStream> offered;
		List<EndpointSession> ending;
		this.lock.lock();
		try {
			if (this.endedNanos != null) {
				return;
			}
			offered = (last != null) ? append(last) : List.of();
			end(System.nanoTime());
			ending = new ArrayList<>(this.listeners);
			this.listeners.clear();
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream.wakeAll(offered);
		ending.forEach((session) -> session.complete(null));
	}

	@Override
	public void written() {
		SourceSubscriber subscriber = this.subscriber;
		if (subscriber != null) {
			subscriber.written();
		}
	}

	@Override
	public void ended(EndpointSession session) {
		this.lock.lock();
		try {
			if (this.listeners.remove(session) && this.listeners.isEmpty()) {
				this.unlistenedSinceNanos = System.nanoTime();
				this.indexWhenUnlistened = this.index;
			}
		}
		finally {
			this.lock.unlock();
		}
		OutboundStream stream = session.stream();
		if (stream != null) {
			EventLog.Cursor cursor = this.log.unsubscribe(stream);
			if (cursor != null) {
				stream.unfollow(cursor);
			}
		}
		written();
	}

	/**
	 * Return whether the generation is over: ended for longer than the retention, or
	 * unheard for longer than its grace period, in which case it ends now; the caller
	 * {@link #cancel() cancels} the source of a generation that is over. The grace period
	 * is the short one if the generation is {@link #isAbandoned abandoned}.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param listenedElsewhere whether streams of other instances listen to it
	 * @return whether to forget the generation
	 */
	boolean expire(long nowNanos, BooleanSupplier listenedElsewhere) {
		this.lock.lock();
		try {
			Long ended = this.endedNanos;
			if (ended != null) {
				return nowNanos - ended > this.settings.retention().toNanos();
			}
			long grace = this.settings.grace().toNanos();
			if (isAbandoned()) {
				grace = Math.min(grace, this.settings.abandonedGrace().toNanos());
			}
			if (!this.listeners.isEmpty() || nowNanos - this.unlistenedSinceNanos <= grace) {
				return false;
			}
			if (listenedElsewhere.getAsBoolean()) {
				this.unlistenedSinceNanos = nowNanos;
				this.attachments = Math.max(this.attachments, 2);
				return false;
			}
			end(nowNanos);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * End the generation now if no stream listens to it, to make room for another; the
	 * caller {@link #cancel() cancels} its source.
	 * @return whether it ended now
	 */
	boolean endIfUnlistened() {
		this.lock.lock();
		try {
			if (this.endedNanos != null || !this.listeners.isEmpty()) {
				return false;
			}
			end(System.nanoTime());
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return when the generation started.
	 * @return the {@link System#nanoTime()} it was created at
	 */
	long startedNanos() {
		return this.startedNanos;
	}

	/**
	 * Whether the one stream the generation ever had left before its first event, or
	 * within {@code abandonedWithin} of its start: nobody is likely to come back for it.
	 * Called under the lock.
	 */
	private boolean isAbandoned() {
		return this.attachments <= 1 && (this.indexWhenUnlistened == 0
				|| this.unlistenedSinceNanos - this.startedNanos <= this.settings.abandonedWithin().toNanos());
	}

	/**
	 * End the generation. Called under the lock.
	 */
	private void end(long nowNanos) {
		this.endedNanos = nowNanos;
		if (this.mirror != null) {
			this.mirror.end(this.path, this.key, this.index, this.settings.retention());
		}
	}

	/**
	 * Return whether the generation ended, and since when.
	 * @return the {@link System#nanoTime()} it ended at, or {@code null} if it runs
	 */
	@Nullable Long endedNanos() {
		this.lock.lock();
		try {
			return this.endedNanos;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Cancel the source; nothing more is sent.
	 */
	void cancel() {
		SourceSubscriber subscriber = this.subscriber;
		if (subscriber != null) {
			subscriber.cancel();
		}
	}

	/**
	 * Give the event its id and append it; return the readers to wake. Called under the
	 * lock.
	 */
	private List<OutboundStream> append(EventSourceEvent event) {
		String id = (event.id() != null) ? event.id() : this.key + "-" + (this.index + 1);
		byte[] frame = this.encoder.encode(event.withId(id));
		List<OutboundStream> woken = this.log.append(frame, id);
		this.index++;
		if (this.mirror != null) {
			this.mirror.append(this.path, this.key, this.index - 1, id, frame);
		}
		return woken;
	}

	@Override
	public String toString() {
		return "Generation " + this.key + " of " + this.path;
	}

}
