package io.github.eventsource.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each client address may open streams: a token bucket per address, refilled at
 * a fixed rate up to a burst. A bucket that has refilled completely is the same as none,
 * so {@link #expire()} forgets it: the buckets kept are those of the addresses that
 * opened a stream within the last burst / rate seconds, swept at every housekeeping
 * round and whenever they pass 100,000.
 * <p>
 * Thread-safe.
 */
public final class OpeningRate implements Expirable {

	/**
	 * The number of buckets past which a new address first makes the full ones go.
	 */
	private static final int SWEEP_ABOVE = 100_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double perSecond;

	private final int burst;

	/**
	 * Create a rate.
	 * @param perSecond the tokens added to each bucket per second
	 * @param burst the most tokens a bucket holds
	 */
	public OpeningRate(int perSecond, int burst) {
		this.perSecond = perSecond;
		this.burst = Math.max(1, burst);
	}

	/**
	 * Take a token for a stream that an address opens.
	 * @param address the client address, as {@link ClientAddress} gives it
	 * @return whether the address may open it
	 */
	public boolean tryOpen(String address) {
		if (this.buckets.size() >= SWEEP_ABOVE && !this.buckets.containsKey(address)) {
			expire();
		}
		long now = System.nanoTime();
		boolean[] taken = new boolean[1];
		this.buckets.compute(address, (key, bucket) -> {
			Bucket refilled = (bucket != null) ? bucket.refilledAt(now, this.perSecond, this.burst)
					: new Bucket(this.burst, now);
			taken[0] = refilled.tokens() >= 1;
			return taken[0] ? new Bucket(refilled.tokens() - 1, now) : refilled;
		});
		return taken[0];
	}

	/**
	 * Forget the buckets that have refilled completely.
	 */
	@Override
	public void expire() {
		long now = System.nanoTime();
		this.buckets.entrySet()
			.removeIf((entry) -> entry.getValue().refilledAt(now, this.perSecond, this.burst).tokens() >= this.burst);
	}

	/**
	 * Return the number of buckets kept.
	 * @return the number of addresses with a bucket
	 */
	public int size() {
		return this.buckets.size();
	}

	private record Bucket(double tokens, long atNanos) {

		Bucket refilledAt(long nowNanos, double perSecond, int burst) {
			double added = (nowNanos - this.atNanos) / 1e9 * perSecond;
			return new Bucket(Math.min(burst, this.tokens + added), nowNanos);
		}

	}

}
