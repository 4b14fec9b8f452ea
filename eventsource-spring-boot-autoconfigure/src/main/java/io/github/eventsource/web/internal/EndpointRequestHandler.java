package io.github.eventsource.web.internal;

import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceObserver.RefusalReason;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.core.internal.ClientAddress;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.SessionRegistry.Registration;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The Spring MVC handler of one endpoint's paths: applies the limits and the
 * {@code @CheckConnection} method, then opens the stream, calls {@code @OnOpen} and
 * subscribes the stream to the source it returns; for a resumable endpoint, attaches the
 * stream to its path's generation, which the first stream starts.
 */
final class EndpointRequestHandler {

	private static final Log logger = LogFactory.getLog(EndpointRequestHandler.class);

	private static final int MAX_LAST_EVENT_ID_LENGTH = 1024;

	private final Endpoint endpoint;

	private final SessionContext context;

	private final byte[] firstFrame;

	private final byte[] resetFrame;

	EndpointRequestHandler(Endpoint endpoint, SessionContext context) {
		this.endpoint = endpoint;
		this.context = context;
		Duration retry = (endpoint.retry() != null) ? endpoint.retry() : context.settings().retry();
		this.firstFrame = (retry != null)
				? context.targets().encoder().encode(EventSourceEvent.builder().retry(retry).build()) : EventEncoder.empty();
		this.resetFrame = context.targets().encoder().encode(EventSourceEvent.of(context.settings().resetEvent(), ""));
	}

	/**
	 * Return whether Spring MVC chose an endpoint's handler for a request.
	 * @param handler the handler Spring MVC chose, or {@code null}
	 * @return whether it is the handler method of an endpoint
	 */
	static boolean isEndpoint(@Nullable Object handler) {
		return handler instanceof HandlerMethod method && method.getBean() instanceof EndpointRequestHandler;
	}

	/**
	 * Handle a request to open a stream; mapped for {@code GET} (and so {@code HEAD}) on
	 * the endpoint's paths. A {@code HEAD} request is answered with the stream's headers
	 * and no stream.
	 * @param request the request
	 * @param response the response
	 * @return the emitter of the stream, or {@code null} if the request was refused or
	 * is a {@code HEAD}
	 * @throws Exception what the {@code @CheckConnection} or {@code @OnOpen} method threw,
	 * other than a {@link ResponseStatusException}
	 */
	public @Nullable SseEmitter handle(HttpServletRequest request, HttpServletResponse response) throws Exception {
		if (HttpMethod.HEAD.matches(request.getMethod())) {
			writeHeaders(response);
			return null;
		}
		Principal principal = request.getUserPrincipal();
		ServletWebRequest webRequest = new ServletWebRequest(request, response);
		String pattern = pattern(request);
		EndpointSession session = new EndpointSession(this.endpoint, this.context,
				UrlPathHelper.defaultInstance.getPathWithinApplication(request), pattern, principal,
				lastEventId(request));
		Duration timeout = this.context.settings().timeout();
		EndpointEmitter emitter = new EndpointEmitter((timeout != null) ? timeout.toMillis() : 0L);
		OutboundStream stream = new OutboundStream(emitter, this.context.settings().bounds(), session,
				this.context.threads().executor());
		// the checks and @OnOpen run in the stream's observation: what they observe is its child
		try (Observation.Scope scope = session.observation().openScope()) {
			String address = ClientAddress.of(request.getRemoteAddr());
			OpeningRate rate = this.context.openingRate();
			Refusal refusal = (rate == null || rate.tryOpen(address)) ? admit(session, stream, pattern, address)
					: refuse("Too many streams opened from this address");
			RefusalReason reason = RefusalReason.LIMIT;
			if (refusal == null) {
				refusal = check(session, webRequest);
				reason = RefusalReason.CHECK;
			}
			Generations.Acquired generation = null;
			if (refusal == null && this.endpoint.resumable()) {
				reason = RefusalReason.LIMIT;
				try {
					generation = this.context.targets().generations().acquire(generationRequest(request, session, address));
					refusal = (generation != null) ? null : refuse("Too many resumable generations");
				}
				catch (ClusterGenerations.Unclaimed ex) {
					logger.debug(ex.getMessage());
					refusal = refuse("The cluster could not tell where this stream runs");
				}
			}
			if (refusal != null) {
				session.end(StreamOutcome.REFUSED);
				this.context.observations().observer().refused(pattern, reason);
				logger.debug(LogMessage.format("Refused stream of endpoint '%s' at %s: %d %s",
						this.endpoint.beanName(), session.getPath(), refusal.status(), refusal.message()));
				refusal.writeTo(response);
				return null;
			}
			open(session, stream, emitter, webRequest, generation);
			return emitter;
		}
		catch (Exception | Error ex) {
			session.end(StreamOutcome.ERROR, ex);
			throw ex;
		}
	}

	/**
	 * The generation a stream of a resumable endpoint attaches to: its owner, query
	 * parameters and path; counted for its user, or for its address if anonymous.
	 */
	private Generations.Request generationRequest(HttpServletRequest request, EndpointSession session,
			String address) {
		Principal principal = session.getPrincipal();
		String owner = (principal != null && !this.endpoint.shareGenerations()) ? principal.getName() : null;
		String name = GenerationName.of(session.getPath(), request.getParameterMap(),
				this.context.settings().lastEventIdParameter(), owner);
		String client = (principal != null) ? "user " + principal.getName() : "address " + address;
		return new Generations.Request(name, this.endpoint.beanName(), client, this.endpoint.sourceEvents().failure());
	}

	private void open(EndpointSession session, OutboundStream stream, EndpointEmitter emitter,
			ServletWebRequest webRequest, Generations.@Nullable Acquired generation) throws Exception {
		writeHeaders(webRequest.getResponse());
		emitter.bind(webRequest.getRequest(), stream);
		emitter.onEnd(session::end);
		EndpointHandlerMethod onClose = this.endpoint.close();
		Object[] closeArguments = (onClose != null) ? onClose.resolveArguments(webRequest, session) : null;
		session.open(stream, this.firstFrame, closeArguments);
		if (generation != null) {
			Object source = generation.started() ? invokeOpen(webRequest, session) : null;
			generation.generation().attach(session, this.resetFrame);
			if (generation.started()) {
				generation.generation().run(publisher(source), this.endpoint.sourceEvents());
			}
			return;
		}
		Object source = invokeOpen(webRequest, session);
		session.start(this.resetFrame);
		subscribe(session, source);
	}

	private @Nullable Object invokeOpen(ServletWebRequest webRequest, EndpointSession session) {
		EndpointHandlerMethod onOpen = this.endpoint.open();
		if (onOpen == null) {
			return null;
		}
		try {
			return onOpen.invoke(webRequest, session);
		}
		catch (Exception ex) {
			logger.error(LogMessage.format("@OnOpen method of endpoint '%s' failed for stream %s; closing it",
					this.endpoint.beanName(), session.getId()), ex);
			session.end(StreamOutcome.ERROR, ex);
			return null;
		}
	}

	private void subscribe(EndpointSession session, @Nullable Object source) {
		Flow.Publisher<?> publisher = publisher(source);
		if (publisher == null) {
			return;
		}
		if (!session.isOpen()) {
			SourcePublishers.discard(source);
			return;
		}
		SourceSubscriber subscriber = new SourceSubscriber(session, this.endpoint.sourceEvents(),
				"Source of stream " + session.getId() + " at " + session.getPath());
		session.feed(subscriber);
		publisher.subscribe(subscriber);
	}

	private Flow.@Nullable Publisher<?> publisher(@Nullable Object source) {
		return SourcePublishers.adapt(source, this.context.threads().sourceExecutor());
	}

	private static void writeHeaders(HttpServletResponse response) {
		response.setContentType("text/event-stream;charset=UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		// stops the container's and proxies' response compression, which would buffer events
		response.setHeader("Content-Encoding", "identity");
	}

	private @Nullable Refusal admit(EndpointSession session, OutboundStream stream, String pattern,
			String address) {
		return switch (this.context.sessions().register(new Registration(session, stream, pattern, address))) {
			case ADMITTED -> null;
			case TOO_MANY -> refuse("Too many open streams");
			case TOO_MANY_FOR_USER -> refuse("Too many open streams for this user");
			case TOO_MANY_FOR_ADDRESS -> refuse("Too many open streams for this address");
			case SHUTTING_DOWN -> refuse("Shutting down");
		};
	}

	private Refusal refuse(String message) {
		return this.context.settings().refusals().refuse(message);
	}

	private @Nullable Refusal check(EndpointSession session, ServletWebRequest webRequest) throws Exception {
		EndpointHandlerMethod check = this.endpoint.check();
		if (check == null) {
			return null;
		}
		Object allowed;
		try {
			allowed = check.invoke(webRequest, session);
		}
		catch (ResponseStatusException ex) {
			return new Refusal(ex.getStatusCode().value(),
					Objects.requireNonNullElse(ex.getReason(), ex.getStatusCode().toString()));
		}
		Refusal refusal = session.getRefusal();
		if (refusal == null && Boolean.FALSE.equals(allowed)) {
			refusal = new Refusal(HttpStatus.FORBIDDEN.value(), "forbidden");
		}
		return refusal;
	}

	private @Nullable String lastEventId(HttpServletRequest request) {
		String id = request.getHeader("Last-Event-ID");
		if (id == null) {
			id = request.getParameter(this.context.settings().lastEventIdParameter());
		}
		if (id != null && id.length() > MAX_LAST_EVENT_ID_LENGTH) {
			logger.debug(LogMessage.format("Ignoring a last event id of %d characters at %s", id.length(),
					request.getRequestURI()));
			return null;
		}
		return id;
	}

	private String pattern(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern != null) ? pattern.toString() : this.endpoint.paths().get(0);
	}

}
