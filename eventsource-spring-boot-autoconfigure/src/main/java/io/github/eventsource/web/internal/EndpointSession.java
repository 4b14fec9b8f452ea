package io.github.eventsource.web.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.Replay;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceObserver.RefusalReason;
import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.core.internal.EndableSession;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.RandomIds;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The session of one stream of an endpoint: created when a request arrives, open once
 * the check passed, closed exactly once whatever ends it.
 */
final class EndpointSession implements EndableSession, OutboundStream.Listener, SourceSink {

	private static final Log logger = LogFactory.getLog(EndpointSession.class);

	private final String id = RandomIds.next();

	private final Endpoint endpoint;

	private final SessionTargets targets;

	private final StreamObservations observations;

	private final SessionRegistry sessions;

	private final String path;

	private final String pattern;

	private final @Nullable Principal principal;

	private final @Nullable String lastEventId;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>(4);

	private final Set<String> groups = ConcurrentHashMap.newKeySet(2);

	private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

	private final Observation observation;

	private volatile @Nullable Refusal refusal;

	private volatile @Nullable OutboundStream stream;

	private volatile ReplayOutcome replayOutcome = ReplayOutcome.NONE;

	private volatile Replay replay = Replay.NONE;

	private volatile Object @Nullable [] closeArguments;

	private volatile long openedNanos;

	private volatile @Nullable StreamFeed feed;

	EndpointSession(Endpoint endpoint, Request request, SessionTargets targets, StreamObservations observations,
			SessionRegistry sessions) {
		this.endpoint = endpoint;
		this.targets = targets;
		this.observations = observations;
		this.sessions = sessions;
		this.path = request.path();
		this.pattern = request.pattern();
		this.principal = request.principal();
		this.lastEventId = request.lastEventId();
		this.observation = observations.start(this.pattern, this.path, this.id);
	}

	/**
	 * Return the observation of this stream, started when the session was created and
	 * stopped when it ends.
	 * @return the observation
	 */
	Observation observation() {
		return this.observation;
	}

	/**
	 * Open the stream: join its path and its user, holding their live events until the
	 * stream {@link #start(byte[]) starts}, queue the first frame, and read what the
	 * client missed, so that {@code @OnOpen} can tell the replay outcome.
	 * @param stream the outbound stream
	 * @param firstFrame the first frame: the retry field, or nothing, which flushes the
	 * response headers
	 * @param closeArguments the resolved {@code @OnClose} arguments, or {@code null}
	 */
	void open(OutboundStream stream, byte[] firstFrame, Object @Nullable [] closeArguments) {
		Assert.state(this.state.compareAndSet(State.NEW, State.OPEN), "Session already opened or refused");
		this.openedNanos = System.nanoTime();
		this.stream = stream;
		this.closeArguments = closeArguments;
		stream.offerControl(firstFrame);
		this.observations.observer().opened(this.pattern);
		join(stream, Target.path(this.path));
		if (this.principal != null) {
			join(stream, Target.user(this.principal.getName()));
		}
		this.replay = this.endpoint.resumable() ? Replay.NONE : readReplay();
		this.replayOutcome = this.replay.outcome();
		logger.debug(LogMessage.format("Opened stream %s of endpoint '%s' at %s", this.id, this.endpoint.beanName(),
				this.path));
	}

	/**
	 * Start writing, once {@code @OnOpen} returned: first what the client missed after
	 * its last event id from every target the stream joined so far, merged in order (read
	 * again if {@code @OnOpen} joined groups), or the reset event if that cannot be told;
	 * then the live events.
	 * @param resetFrame the reset event
	 */
	void start(byte[] resetFrame) {
		Replay replay = this.groups.isEmpty() ? this.replay : readReplay();
		start((replay.outcome() != ReplayOutcome.RESET) ? replay : Replay.reset(resetFrame));
	}

	/**
	 * Start writing with the given replay, at the pace the client reads it, then the live
	 * events.
	 * @param replay what the client missed; the frames of a reset start with the reset
	 * event
	 */
	void start(Replay replay) {
		OutboundStream stream = this.stream;
		if (stream == null || !isOpen()) {
			return;
		}
		this.replay = Replay.NONE;
		stream.start(replay.frames(), replay.upTo());
		this.replayOutcome = replay.outcome();
		int replayed = (replay.outcome() == ReplayOutcome.REPLAYED) ? replay.events() : 0;
		logger.trace(LogMessage.format("Started stream %s: %s, %d events replayed", this.id, replay.outcome(),
				replayed));
		if (replay.outcome() != ReplayOutcome.NONE) {
			this.observations.observer().replayed(this.pattern, replay.outcome(), replayed);
		}
	}

	/**
	 * Return the outbound stream, once the session is open.
	 * @return the stream, or {@code null} before the session opened
	 */
	@Nullable OutboundStream stream() {
		return this.stream;
	}

	@Nullable Refusal getRefusal() {
		return this.refusal;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String getPath() {
		return this.path;
	}

	@Override
	public @Nullable String getLastEventId() {
		return this.lastEventId;
	}

	@Override
	public ReplayOutcome getReplayOutcome() {
		return this.replayOutcome;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return this.principal;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public boolean isOpen() {
		return this.state.get() == State.OPEN;
	}

	@Override
	public boolean send(Object data) {
		return send(EventSourceEvent.of(data));
	}

	@Override
	public boolean send(@Nullable String name, Object data) {
		return send(EventSourceEvent.of(name, data));
	}

	@Override
	public boolean send(@Nullable String name, Object data, Object id) {
		return send(EventSourceEvent.of(name, data, id));
	}

	@Override
	public boolean send(EventSourceEvent event) {
		OutboundStream stream = this.stream;
		if (stream == null || !isOpen()) {
			logger.debug(LogMessage.format("Not sending to closed stream %s of endpoint '%s'", this.id,
					this.endpoint.beanName()));
			return false;
		}
		if (!stream.offer(this.targets.encode(event))) {
			return false;
		}
		stream.wake();
		return true;
	}

	@Override
	public boolean hasRoom() {
		OutboundStream stream = this.stream;
		return stream != null && stream.hasRoom();
	}

	@Override
	public void complete(@Nullable EventSourceEvent last) {
		if (last != null) {
			send(last);
		}
		end(StreamOutcome.COMPLETED);
	}

	/**
	 * Let a feed know when the stream wrote, so that it can send more, and when it ended,
	 * so that it stops; told at once if the stream ended already.
	 * @param feed what feeds the stream: a source, or a generation
	 */
	void feed(StreamFeed feed) {
		this.feed = feed;
		if (this.state.get() == State.CLOSED) {
			feed.ended(this);
		}
	}

	@Override
	public boolean comment(String comment) {
		return send(EventSourceEvent.builder().comment(comment).build());
	}

	@Override
	public void join(String group) {
		OutboundStream stream = requireStream();
		if (this.groups.add(group)) {
			join(stream, Target.group(group));
		}
	}

	@Override
	public void leave(String group) {
		OutboundStream stream = requireStream();
		if (this.groups.remove(group)) {
			this.targets.leave(Target.group(group), stream, this.id);
		}
	}

	@Override
	public Set<String> getGroups() {
		return Set.copyOf(this.groups);
	}

	@Override
	public void close() {
		end(StreamOutcome.COMPLETED);
	}

	@Override
	public void error(int status, String message) {
		Assert.isTrue(status >= 400, "Status must be 400 or above");
		Assert.state(this.state.get() == State.NEW, "error(status, message) is for @CheckConnection methods only");
		this.refusal = new Refusal(status, message);
	}

	@Override
	public void written(int events, long waitedNanos) {
		this.observations.observer().written(this.pattern, events, waitedNanos);
		writable();
	}

	@Override
	public void writable() {
		StreamFeed feed = this.feed;
		if (feed != null) {
			feed.written();
		}
	}

	@Override
	public void overflowed(OverflowPolicy policy) {
		this.observations.observer().overflowed(this.pattern, policy);
		if (policy == OverflowPolicy.DISCONNECT) {
			logger.warn(LogMessage.format(
					"Disconnecting stream %s of endpoint '%s' at %s: its client reads too slowly, behind what "
							+ "its logs keep or with its own queue full (eventsource.session.max-buffered-*)",
					this.id, this.endpoint.beanName(), this.path));
			end(StreamOutcome.OVERFLOW);
		}
		else {
			logger.debug(LogMessage.format("Dropped an event (%s) for slow stream %s of endpoint '%s'", policy,
					this.id, this.endpoint.beanName()));
		}
	}

	@Override
	public void writeFailed(Exception ex) {
		if (ex instanceof IOException || DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			logger.debug(LogMessage.format("Client of stream %s of endpoint '%s' is gone: %s", this.id,
					this.endpoint.beanName(), ex));
			end(StreamOutcome.CLIENT_GONE);
		}
		else {
			logger.warn(LogMessage.format("Writing to stream %s of endpoint '%s' failed", this.id,
					this.endpoint.beanName()), ex);
			end(StreamOutcome.ERROR, ex);
		}
	}

	@Override
	public void end(StreamOutcome outcome) {
		end(outcome, null);
	}

	/**
	 * End a session that may not open, and tell the observers why.
	 * @param reason a limit, or the endpoint's check
	 */
	void refused(RefusalReason reason) {
		end(StreamOutcome.REFUSED);
		this.observations.observer().refused(this.pattern, reason);
	}

	/**
	 * End the session once, whatever ends it: leave every target, complete the stream
	 * after what is queued, call {@code @OnClose}, stop the stream's observation with the
	 * outcome, and free the session's place in the limits. A session that never opened is
	 * only unregistered, and its observation stopped.
	 * @param outcome why the session ends
	 * @param error what failed, for {@link StreamOutcome#ERROR}, or {@code null}
	 */
	void end(StreamOutcome outcome, @Nullable Throwable error) {
		OutboundStream stream = this.stream;
		if (stream != null && this.state.compareAndSet(State.OPEN, State.CLOSED)) {
			// closed first, so that it still writes what its logs hold for it now
			stream.close();
			targets().forEach((target) -> this.targets.leave(target, stream, this.id));
			StreamFeed feed = this.feed;
			if (feed != null) {
				feed.ended(this);
			}
			this.observations.observer().closed(this.pattern, System.nanoTime() - this.openedNanos);
			logger.debug(LogMessage.format("Closed stream %s of endpoint '%s' at %s: %s", this.id,
					this.endpoint.beanName(), this.path, outcome));
			closed();
			StreamObservations.stop(this.observation, outcome, error);
		}
		else if (this.state.compareAndSet(State.NEW, State.CLOSED)) {
			StreamObservations.stop(this.observation, outcome, error);
		}
		this.sessions.unregister(this.id);
	}

	private void closed() {
		EndpointHandlerMethod onClose = this.endpoint.close();
		Object[] arguments = this.closeArguments;
		if (onClose != null && arguments != null) {
			try {
				onClose.invoke(arguments);
			}
			catch (Exception ex) {
				logger.error(LogMessage.format("@OnClose method of endpoint '%s' failed for stream %s",
						this.endpoint.beanName(), this.id), ex);
			}
		}
	}

	/**
	 * Join a target, and leave it again if the session ended meanwhile.
	 */
	private void join(OutboundStream stream, Target target) {
		String user = (this.principal != null) ? this.principal.getName() : null;
		this.targets.join(target, stream, this.id, user, this.endpoint.presence() && target.kind() == Kind.PATH);
		if (!isOpen()) {
			this.targets.leave(target, stream, this.id);
		}
	}

	private Replay readReplay() {
		return (this.lastEventId != null) ? this.targets.replay(targets(), this.lastEventId) : Replay.NONE;
	}

	private List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		targets.add(Target.path(this.path));
		if (this.principal != null) {
			targets.add(Target.user(this.principal.getName()));
		}
		this.groups.forEach((group) -> targets.add(Target.group(group)));
		return targets;
	}

	private OutboundStream requireStream() {
		OutboundStream stream = this.stream;
		Assert.state(stream != null, "Groups can be joined once the stream is open, from @OnOpen on");
		return stream;
	}

	@Override
	public String toString() {
		return "EndpointSession " + this.id + " at " + this.path;
	}

	private enum State {

		NEW, OPEN, CLOSED

	}

	/**
	 * What a request that opens a stream asks for.
	 *
	 * @param path the concrete path
	 * @param pattern the path pattern of the endpoint that maps it
	 * @param principal the authenticated user, or {@code null}
	 * @param lastEventId the id of the last event the client received, or {@code null}
	 */
	record Request(String path, String pattern, @Nullable Principal principal, @Nullable String lastEventId) {
	}

}
