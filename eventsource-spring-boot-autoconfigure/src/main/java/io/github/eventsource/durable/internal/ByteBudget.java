package io.github.eventsource.durable.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes every durable stream of the instance holds together, bounded. Thread-safe.
 */
final class ByteBudget {

	private final long max;

	private final AtomicLong used = new AtomicLong();

	ByteBudget(long max) {
		this.max = max;
	}

	/**
	 * Take bytes from the budget, if they fit.
	 * @param bytes the bytes
	 * @return whether they fit, and were taken
	 */
	boolean reserve(long bytes) {
		long now;
		do {
			now = this.used.get();
			if (now + bytes > this.max) {
				return false;
			}
		}
		while (!this.used.compareAndSet(now, now + bytes));
		return true;
	}

	/**
	 * Give bytes back.
	 * @param bytes the bytes
	 */
	void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	/**
	 * Return the bytes in use.
	 * @return the bytes
	 */
	long used() {
		return this.used.get();
	}

}
