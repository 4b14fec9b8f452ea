package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.concurrent.Flow;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.core.internal.StreamWriters;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Makes and opens the streams of endpoints: the session of a request with its outbound
 * stream and emitter, then, once the request is admitted, its headers, its
 * {@code @OnOpen} method, and the source it returns or the generation it attaches to.
 * <p>
 * Thread-safe.
 */
public final class EndpointStreams {

	private static final Log logger = LogFactory.getLog(EndpointStreams.class);

	private final SessionTargets targets;

	private final StreamObservations observations;

	private final SessionRegistry sessions;

	private final StreamWriters writers;

	private final StreamSettings settings;

	private final byte[] resetFrame;

	/**
	 * Create the streams of endpoints.
	 * @param targets what a session joins, sends to and replays from
	 * @param observations observe each stream and tell the observers what happens to it
	 * @param sessions the open sessions
	 * @param writers the threads that write streams and iterate their sources
	 * @param settings the stream settings
	 */
	public EndpointStreams(SessionTargets targets, StreamObservations observations, SessionRegistry sessions,
			StreamWriters writers, StreamSettings settings) {
		this.targets = targets;
		this.observations = observations;
		this.sessions = sessions;
		this.writers = writers;
		this.settings = settings;
		this.resetFrame = targets.encode(EventSourceEvent.of(settings.resetEvent(), ""));
	}

	/**
	 * An endpoint was mapped: keep the histories of its paths if it replays, and tell the
	 * observers.
	 * @param endpoint the endpoint
	 */
	void mapped(Endpoint endpoint) {
		if (endpoint.replay()) {
			this.targets.keepHistories(endpoint.paths());
		}
		endpoint.paths().forEach(this.observations.observer()::mapped);
	}

	/**
	 * Make the session of a request that asks for a stream, with its outbound stream and
	 * emitter; nothing is written or joined yet.
	 * @param endpoint the endpoint that maps the request
	 * @param request what the request asks for
	 * @return the new stream
	 */
	NewStream create(Endpoint endpoint, EndpointSession.Request request) {
		EndpointSession session = new EndpointSession(endpoint, request, this.targets, this.observations,
				this.sessions);
		Duration timeout = this.settings.timeout();
		EndpointEmitter emitter = new EndpointEmitter((timeout != null) ? timeout.toMillis() : 0L);
		OutboundStream stream = new OutboundStream(emitter, this.settings.bounds(), session, this.writers.executor());
		return new NewStream(session, stream, emitter);
	}

	/**
	 * Open an admitted stream: write its headers, open its session, call
	 * {@code @OnOpen}, and subscribe the stream to the source it returns; or attach it to
	 * its generation, whose source the first stream's {@code @OnOpen} returns.
	 * @param endpoint the endpoint
	 * @param firstFrame the endpoint's {@link #firstFrame(Endpoint) first frame}
	 * @param stream the new stream
	 * @param webRequest the request and response
	 * @param generation the generation of a resumable endpoint, or {@code null}
	 * @throws Exception if the {@code @OnClose} arguments cannot be resolved
	 */
	void open(Endpoint endpoint, byte[] firstFrame, NewStream stream, ServletWebRequest webRequest,
			Generations.@Nullable Acquired generation) throws Exception {
		EndpointSession session = stream.session();
		writeHeaders(webRequest.getResponse());
		stream.emitter().bind(webRequest.getRequest(), stream.stream());
		stream.emitter().onEnd(session::end);
		EndpointHandlerMethod onClose = endpoint.close();
		Object[] closeArguments = (onClose != null) ? onClose.resolveArguments(webRequest, session) : null;
		session.open(stream.stream(), firstFrame, closeArguments);
		if (generation != null) {
			Object source = generation.started() ? invokeOpen(endpoint, webRequest, session) : null;
			generation.generation().attach(session, this.resetFrame);
			if (generation.started()) {
				generation.generation().run(publisher(source), endpoint.sourceEvents());
			}
			return;
		}
		Object source = invokeOpen(endpoint, webRequest, session);
		session.start(this.resetFrame);
		subscribe(endpoint, session, source);
	}

	/**
	 * Write the headers of a stream, which a {@code HEAD} request gets alone.
	 * @param response the response
	 */
	static void writeHeaders(HttpServletResponse response) {
		response.setContentType("text/event-stream;charset=UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		// stops the container's and proxies' response compression, which would buffer events
		response.setHeader("Content-Encoding", "identity");
	}

	/**
	 * Return the first frame of an endpoint's streams, encoded once for all of them: the
	 * endpoint's reconnection time, or the default one, or nothing, which flushes the
	 * response headers.
	 * @param endpoint the endpoint
	 * @return the frame
	 */
	byte[] firstFrame(Endpoint endpoint) {
		Duration retry = (endpoint.retry() != null) ? endpoint.retry() : this.settings.retry();
		return (retry != null) ? this.targets.encode(EventSourceEvent.builder().retry(retry).build())
				: EventEncoder.empty();
	}

	private @Nullable Object invokeOpen(Endpoint endpoint, ServletWebRequest webRequest, EndpointSession session) {
		EndpointHandlerMethod onOpen = endpoint.open();
		if (onOpen == null) {
			return null;
		}
		try {
			return onOpen.invoke(webRequest, session);
		}
		catch (Exception ex) {
			logger.error(LogMessage.format("@OnOpen method of endpoint '%s' failed for stream %s; closing it",
					endpoint.beanName(), session.getId()), ex);
			session.end(StreamOutcome.ERROR, ex);
			return null;
		}
	}

	private void subscribe(Endpoint endpoint, EndpointSession session, @Nullable Object source) {
		Flow.Publisher<?> publisher = publisher(source);
		if (publisher == null) {
			return;
		}
		if (!session.isOpen()) {
			SourcePublishers.discard(source);
			return;
		}
		SourceSubscriber subscriber = new SourceSubscriber(session, endpoint.sourceEvents(),
				"Source of stream " + session.getId() + " at " + session.getPath());
		session.feed(subscriber);
		publisher.subscribe(subscriber);
	}

	private Flow.@Nullable Publisher<?> publisher(@Nullable Object source) {
		return SourcePublishers.adapt(source, this.writers.sourceExecutor());
	}

	/**
	 * The session of a request, with its outbound stream and the emitter that writes it.
	 *
	 * @param session the session
	 * @param stream its outbound stream
	 * @param emitter the emitter Spring MVC completes, and the stream's transport
	 */
	record NewStream(EndpointSession session, OutboundStream stream, EndpointEmitter emitter) {
	}

}
