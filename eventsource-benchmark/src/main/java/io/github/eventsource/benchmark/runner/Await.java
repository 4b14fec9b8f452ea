package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, within a bound, for a condition that an external process or the generator's
 * thread makes true; checks it every 50 ms.
 */
final class Await {

	private static final long CHECK_MILLIS = 50;

	private Await() {
	}

	/**
	 * Wait for a condition.
	 * @param condition the condition
	 * @param timeout the longest wait
	 * @return whether the condition became true in time
	 */
	static boolean until(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			pause(CHECK_MILLIS);
		}
		return true;
	}

	/**
	 * Let time pass while the load runs.
	 * @param duration how long
	 */
	static void during(Duration duration) {
		pause(duration.toMillis());
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
