package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.StreamOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * its response completes as any async request does. Waits, at most the configured
 * timeout, until the streams' writers wrote their farewells, so that the web server stops
 * after them; a stream whose client does not take its farewell within it is ended then,
 * without it: a client is never waited for longer.
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
		List<OutboundStream> closing = new ArrayList<>();
		for (SessionRegistry.Registration registration : this.sessions.getRegistrations()) {
			registration.stream().shutDown(farewell());
			registration.end(StreamOutcome.SHUTDOWN);
			closing.add(registration.stream());
		}
		awaitWritten(closing);
		logger.debug(LogMessage.format("Closed %d streams on shutdown", closing.size()));
	}

	/**
	 * Wait, at most the timeout, until the writers of the closed streams wrote their
	 * farewells and completed their responses, so that the web server stops after them;
	 * a stream whose client does not take its farewell is ended without it then.
	 */
	private void awaitWritten(List<OutboundStream> closing) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<OutboundStream> left = closing.stream().filter((stream) -> !stream.awaitEnded(deadline)).toList();
		if (!left.isEmpty()) {
			logger.info(LogMessage.format("%d of %d streams closed on shutdown could not write their farewell within %s; "
					+ "ending them without it", left.size(), closing.size(), this.timeout));
			left.forEach(OutboundStream::abort);
		}
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
