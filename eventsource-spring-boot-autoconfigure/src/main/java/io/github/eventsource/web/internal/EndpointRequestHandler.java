package io.github.eventsource.web.internal;

import java.security.Principal;
import java.util.Objects;

import io.github.eventsource.core.EventSourceObserver.RefusalReason;
import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.core.internal.ClientAddress;
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
 * The Spring MVC handler of one endpoint's paths: admits a request within the limits and
 * the {@code @CheckConnection} method, and for a resumable endpoint the bounds on
 * generations, then has {@link EndpointStreams} open its stream; a refused request is
 * answered with its refusal.
 */
final class EndpointRequestHandler {

	private static final Log logger = LogFactory.getLog(EndpointRequestHandler.class);

	private static final int MAX_LAST_EVENT_ID_LENGTH = 1024;

	private final Endpoint endpoint;

	private final StreamSettings settings;

	private final EndpointStreams streams;

	private final StreamAdmission admission;

	private final byte[] firstFrame;

	EndpointRequestHandler(Endpoint endpoint, StreamSettings settings, EndpointStreams streams,
			StreamAdmission admission) {
		this.endpoint = endpoint;
		this.settings = settings;
		this.streams = streams;
		this.admission = admission;
		this.firstFrame = streams.firstFrame(endpoint);
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
			EndpointStreams.writeHeaders(response);
			return null;
		}
		ServletWebRequest webRequest = new ServletWebRequest(request, response);
		String pattern = pattern(request);
		EndpointStreams.NewStream stream = this.streams.create(this.endpoint,
				new EndpointSession.Request(UrlPathHelper.defaultInstance.getPathWithinApplication(request), pattern,
						request.getUserPrincipal(), lastEventId(request)));
		EndpointSession session = stream.session();
		// the checks and @OnOpen run in the stream's observation: what they observe is its child
		try (Observation.Scope scope = session.observation().openScope()) {
			String address = ClientAddress.of(request.getRemoteAddr());
			Generations.Acquired generation;
			try {
				this.admission.admit(new Registration(session, stream.stream(), pattern, address));
				check(session, webRequest);
				generation = this.endpoint.resumable()
						? this.admission.acquire(generationRequest(request, session, address)) : null;
			}
			catch (StreamAdmission.Refused ex) {
				session.refused(ex.reason());
				logger.debug(LogMessage.format("Refused stream of endpoint '%s' at %s: %d %s",
						this.endpoint.beanName(), session.getPath(), ex.refusal().status(), ex.refusal().message()));
				ex.refusal().writeTo(response);
				return null;
			}
			this.streams.open(this.endpoint, this.firstFrame, stream, webRequest, generation);
			return stream.emitter();
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
				this.settings.lastEventIdParameter(), owner);
		String client = (principal != null) ? "user " + principal.getName() : "address " + address;
		return new Generations.Request(name, this.endpoint.beanName(), client, this.endpoint.sourceEvents().failure());
	}

	/**
	 * Call the {@code @CheckConnection} method, if any; a refusal it makes (returning
	 * {@code false}, calling {@code error(status, message)} or throwing a
	 * {@link ResponseStatusException}) is thrown.
	 */
	private void check(EndpointSession session, ServletWebRequest webRequest) throws Exception {
		EndpointHandlerMethod check = this.endpoint.check();
		if (check == null) {
			return;
		}
		Object allowed;
		try {
			allowed = check.invoke(webRequest, session);
		}
		catch (ResponseStatusException ex) {
			throw refusedByCheck(new Refusal(ex.getStatusCode().value(),
					Objects.requireNonNullElse(ex.getReason(), ex.getStatusCode().toString())));
		}
		Refusal refusal = session.getRefusal();
		if (refusal == null && Boolean.FALSE.equals(allowed)) {
			refusal = new Refusal(HttpStatus.FORBIDDEN.value(), "forbidden");
		}
		if (refusal != null) {
			throw refusedByCheck(refusal);
		}
	}

	private static StreamAdmission.Refused refusedByCheck(Refusal refusal) {
		return new StreamAdmission.Refused(refusal, RefusalReason.CHECK);
	}

	private @Nullable String lastEventId(HttpServletRequest request) {
		String id = request.getHeader("Last-Event-ID");
		if (id == null) {
			id = request.getParameter(this.settings.lastEventIdParameter());
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
