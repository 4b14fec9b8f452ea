package io.github.eventsource.durable.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The protocol's cursors of live reads, for caches to collapse: the number of 20-second
 * intervals since 2024-10-09T00:00:00Z, moved past a client's own cursor by a random
 * jitter when the client is already there, so that cursors never go backwards.
 */
final class Cursors {

	private static final long EPOCH_MILLIS = Instant.parse("2024-10-09T00:00:00Z").toEpochMilli();

	private static final long INTERVAL_MILLIS = 20_000;

	private final Clock clock;

	Cursors(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Return the cursor of a live response.
	 * @param client the cursor the client echoed, or {@code null}
	 * @return the cursor
	 */
	String next(@Nullable String client) {
		long current = (this.clock.millis() - EPOCH_MILLIS) / INTERVAL_MILLIS;
		long echoed = parse(client);
		if (echoed >= current) {
			long jitterSeconds = ThreadLocalRandom.current().nextLong(1, 3601);
			current = echoed + Math.max(1, jitterSeconds * 1000 / INTERVAL_MILLIS);
		}
		return Long.toString(current);
	}

	private static long parse(@Nullable String cursor) {
		if (cursor == null || cursor.isEmpty() || cursor.length() > 18 || !cursor.chars().allMatch(Character::isDigit)) {
			return -1;
		}
		return Long.parseLong(cursor);
	}

}
