package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.HttpStatus;

/**
 * Makes the refusals of streams for load (connection limits, opening rate, generation
 * bounds, shutdown): by default a stream that ends at once with a jittered
 * {@code retry:}, which a browser's {@code EventSource} survives, or, if configured,
 * {@code 503} with {@code Retry-After}, which ends it for good.
 * <p>
 * Thread-safe.
 */
public final class LoadRefusals {

	private final boolean reconnect;

	private final Duration delay;

	/**
	 * Create the refusals.
	 * @param reconnect whether a refused client is told to reconnect (a {@code 200}
	 * stream that ends at once) rather than answered {@code 503}
	 * @param delay the Retry-After of a {@code 503}, and the middle of the random
	 * reconnection time of an ended stream (from half to one and a half times it)
	 */
	public LoadRefusals(boolean reconnect, Duration delay) {
		this.reconnect = reconnect;
		this.delay = delay;
	}

	/**
	 * Return the refusal of a stream for load.
	 * @param message why, for the client
	 * @return the refusal
	 */
	Refusal refuse(String message) {
		if (!this.reconnect) {
			return new Refusal(HttpStatus.SERVICE_UNAVAILABLE.value(), message, this.delay);
		}
		long millis = Math.max(1, this.delay.toMillis());
		long jittered = millis / 2 + ThreadLocalRandom.current().nextLong(millis + 1);
		return Refusal.reconnect(message, Duration.ofMillis(jittered));
	}

}
