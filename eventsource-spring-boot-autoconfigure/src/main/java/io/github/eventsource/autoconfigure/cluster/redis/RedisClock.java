package io.github.eventsource.autoconfigure.cluster.redis;

/**
 * This instance's estimate of Redis' clock: the local clock plus the offset measured at
 * the last heartbeat. Deadlines of events are set in this clock, since Redis compares
 * them with its own.
 * <p>
 * Thread-safe.
 */
final class RedisClock {

	private volatile long offsetMicros;

	/**
	 * Return the estimated time of Redis.
	 * @return microseconds since the epoch
	 */
	long nowMicros() {
		return localMicros() + this.offsetMicros;
	}

	/**
	 * Learn Redis' time from a call that started and ended at the given local times.
	 * @param redisMicros Redis' time during the call
	 * @param sentMicros the local time the call started
	 * @param answeredMicros the local time it ended
	 */
	void measured(long redisMicros, long sentMicros, long answeredMicros) {
		this.offsetMicros = redisMicros - (sentMicros + answeredMicros) / 2;
	}

	static long localMicros() {
		return System.currentTimeMillis() * 1000;
	}

}
