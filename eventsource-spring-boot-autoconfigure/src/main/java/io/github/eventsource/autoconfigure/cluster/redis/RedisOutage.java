package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;

/**
 * Whether Redis answered this instance's last call, and how many sends could not be
 * published to the other instances: an outage is logged once when it starts (WARN) and
 * once when it ends (INFO), never per event.
 * <p>
 * Thread-safe.
 */
final class RedisOutage {

	private static final Log logger = LogFactory.getLog(RedisOutage.class);

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicLong publishFailures = new AtomicLong();

	private final AtomicLong publishFailuresAtStart = new AtomicLong();

	/**
	 * A send could not be published; it reached the streams of this instance only.
	 * @param ex the failure
	 */
	void publishFailed(DataAccessException ex) {
		long before = this.publishFailures.getAndIncrement();
		failed("sends reach the streams of this instance only", ex, before);
	}

	/**
	 * The history could not be read for a reconnecting client, which gets the reset event.
	 * @param ex the failure
	 */
	void replayFailed(DataAccessException ex) {
		failed("reconnecting clients get the reset event", ex, this.publishFailures.get());
	}

	/**
	 * Redis answered.
	 */
	void succeeded() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			logger.info(LogMessage.format(
					"Redis is reachable again: event source cluster delivery resumes (%d sends were not published)",
					this.publishFailures.get() - this.publishFailuresAtStart.get()));
		}
	}

	/**
	 * Return the number of sends that could not be published since startup.
	 * @return the number of failed publications
	 */
	long publishFailures() {
		return this.publishFailures.get();
	}

	private void failed(String consequence, DataAccessException ex, long publishFailuresBefore) {
		if (this.down.compareAndSet(false, true)) {
			this.publishFailuresAtStart.set(publishFailuresBefore);
			logger.warn(LogMessage.format("Redis is unreachable: %s until it is back (%s)", consequence,
					ex.getMostSpecificCause()));
		}
	}

}
