package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

/**
 * Ends every open stream when the application context closes, before the web server
 * stops or waits for requests, and refuses new ones from then on: each stream is sent a random reconnection time (so that
 * clients do not all reconnect at once) and the optional farewell event, then closed, and
 * its response completes as any async request does, which ends its session. Waits, at
 * most the configured timeout, for those sessions to end, so that the web server stops
 * after the farewells are written; a stream whose client does not take its farewell
 * within it is ended then, without it: a client is never waited for longer.
 */
public final class StreamShutdown implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: stopped before Spring Boot's graceful shutdown of the
	 * web server ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(StreamShutdown.class);

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final @Nullable String farewellEvent;

	private final Duration reconnectSpread;

	private final Duration timeout;

	private volatile boolean running;

	/**
	 * Create a shutdown lifecycle.
	 * @param sessions the open sessions
	 * @param encoder encodes the farewell
	 * @param farewellEvent the name of the farewell event, or {@code null} for none
	 * @param reconnectSpread the upper bound of the random reconnection time
	 * @param timeout the longest time to wait for the closed streams' responses to
	 * complete, so that the web server stops with no stream in flight
	 */
	public StreamShutdown(SessionRegistry sessions, EventEncoder encoder, @Nullable String farewellEvent,
			Duration reconnectSpread, Duration timeout) {
		this.timeout = timeout;
		this.sessions = sessions;
		this.encoder = encoder;
		this.farewellEvent = farewellEvent;
		this.reconnectSpread = reconnectSpread;
	}

	@Override
	public void start() {
		this.sessions.startAccepting();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.sessions.stopAccepting();
		int count = this.sessions.size();
		for (SessionRegistry.Registration registration : this.sessions.getRegistrations()) {
			// the farewell is written, then the response completes, which ends the session
			registration.stream().shutDown(farewell());
		}
		try {
			if (!this.sessions.awaitEmpty(this.timeout)) {
				Collection<SessionRegistry.Registration> left = this.sessions.getRegistrations();
				logger.info(LogMessage.format("%d of %d streams did not complete their farewell within %s; ending "
						+ "them now", left.size(), count, this.timeout));
				for (SessionRegistry.Registration registration : left) {
					registration.stream().abort();
					registration.session().close();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.debug(LogMessage.format("Closed %d streams on shutdown", count));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private byte[] farewell() {
		long spread = Math.max(1, this.reconnectSpread.toMillis());
		EventSourceEvent.Builder farewell = EventSourceEvent.builder()
			.retry(Duration.ofMillis(ThreadLocalRandom.current().nextLong(spread)));
		if (this.farewellEvent != null) {
			farewell.name(this.farewellEvent).data("");
		}
		return this.encoder.encode(farewell.build());
	}

}
