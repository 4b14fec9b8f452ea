package io.github.eventsource.web.internal;

import io.github.eventsource.core.EventSourceObserver.RefusalReason;
import io.github.eventsource.core.internal.OpeningRate;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.core.internal.SessionRegistry.Registration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request may open a stream, for the load it adds: how fast its address opens
 * streams, the limits on open streams, and, for a resumable endpoint, the bounds on
 * generations. A refused request is answered with the configured refusal response.
 * <p>
 * Thread-safe.
 */
public final class StreamAdmission {

	private static final Log logger = LogFactory.getLog(StreamAdmission.class);

	private final SessionRegistry sessions;

	private final @Nullable OpeningRate openingRate;

	private final Generations generations;

	private final LoadRefusals refusals;

	/**
	 * Create the admission of streams.
	 * @param sessions the open sessions, within their limits
	 * @param openingRate how fast each client address may open streams, or {@code null}
	 * for no bound
	 * @param generations the generations of resumable endpoints
	 * @param settings how a refusal is answered
	 */
	public StreamAdmission(SessionRegistry sessions, @Nullable OpeningRate openingRate, Generations generations,
			StreamSettings settings) {
		this.sessions = sessions;
		this.openingRate = openingRate;
		this.generations = generations;
		this.refusals = settings.refusals();
	}

	/**
	 * Register a session if its client address may open a stream now and the limits
	 * allow it.
	 * @param registration the session, its stream, endpoint and client address
	 * @throws Refused if the stream may not open
	 */
	void admit(Registration registration) throws Refused {
		if (this.openingRate != null && !this.openingRate.tryOpen(registration.address())) {
			throw refused("Too many streams opened from this address");
		}
		String limit = switch (this.sessions.register(registration)) {
			case ADMITTED -> null;
			case TOO_MANY -> "Too many open streams";
			case TOO_MANY_FOR_USER -> "Too many open streams for this user";
			case TOO_MANY_FOR_ADDRESS -> "Too many open streams for this address";
			case SHUTTING_DOWN -> "Shutting down";
		};
		if (limit != null) {
			throw refused(limit);
		}
	}

	/**
	 * Return the generation a stream of a resumable endpoint attaches to, started by this
	 * call if it is new.
	 * @param request the generation's name, endpoint and client
	 * @return the generation
	 * @throws Refused if the bounds on generations allow no new one, or the cluster could
	 * not tell which instance runs it
	 */
	Generations.Acquired acquire(Generations.Request request) throws Refused {
		Generations.Acquired acquired;
		try {
			acquired = this.generations.acquire(request);
		}
		catch (ClusterGenerations.Unclaimed ex) {
			logger.debug(ex.getMessage());
			throw refused("The cluster could not tell where this stream runs");
		}
		if (acquired == null) {
			throw refused("Too many resumable generations");
		}
		return acquired;
	}

	private Refused refused(String message) {
		return new Refused(this.refusals.refuse(message), RefusalReason.LIMIT);
	}

	/**
	 * A stream may not open: how its request is answered, and why.
	 */
	static final class Refused extends Exception {

		private final Refusal refusal;

		private final RefusalReason reason;

		/**
		 * Create the refusal of a stream; it has no stack trace, as a crowd may be refused.
		 * @param refusal how the request is answered
		 * @param reason a limit, or the endpoint's check
		 */
		Refused(Refusal refusal, RefusalReason reason) {
			super(refusal.message(), null, false, false);
			this.refusal = refusal;
			this.reason = reason;
		}

		Refusal refusal() {
			return this.refusal;
		}

		RefusalReason reason() {
			return this.reason;
		}

	}

}
