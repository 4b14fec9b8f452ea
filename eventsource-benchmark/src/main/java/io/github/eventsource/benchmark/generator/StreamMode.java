package io.github.eventsource.benchmark.generator;

/**
 * What a generated stream does once the server has opened it (its first comment arrived).
 */
public enum StreamMode {

	/**
	 * Read every event until closed.
	 */
	READ,

	/**
	 * Stop reading, with a small receive buffer, so that the server's writes back up.
	 */
	STALL,

	/**
	 * Disconnect at once: for connect and disconnect churn.
	 */
	CHURN

}
