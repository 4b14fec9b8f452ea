package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Whether Redis answered this instance's last call, and how many events could not be
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

	private final AtomicLong uncertainPublishFailures = new AtomicLong();

	/**
	 * An event could not be published: it is in no log and reaches no stream.
	 * @param cause why, for the log
	 * @param certain whether that is certain: {@code false} for a call that timed out
	 * after Redis may have run it
	 */
	void publishFailed(String cause, boolean certain) {
		if (!certain) {
			this.uncertainPublishFailures.incrementAndGet();
		}
		long before = this.publishFailures.getAndIncrement();
		failed("events reach no stream of any instance and are kept for no replay", cause, before);
	}

	/**
	 * The history could not be read for a reconnecting client, which gets the reset event.
	 * @param cause why, for the log
	 */
	void replayFailed(String cause) {
		failed("reconnecting clients get the reset event", cause, this.publishFailures.get());
	}

	/**
	 * The delivery log could not be read: events of every instance reach the streams of
	 * this one late, once it answers again.
	 * @param cause why, for the log
	 */
	void readFailed(String cause) {
		failed("events reach the streams of this instance late", cause, this.publishFailures.get());
	}

	/**
	 * Redis answered.
	 */
	void succeeded() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			logger.info(LogMessage.format(
					"Redis is reachable again: event source cluster delivery resumes (%d events were not published)",
					this.publishFailures.get() - this.publishFailuresAtStart.get()));
		}
	}

	/**
	 * Return the number of events that could not be published since startup.
	 * @return the number of events not published
	 */
	long publishFailures() {
		return this.publishFailures.get();
	}

	/**
	 * Return how many of the {@link #publishFailures()} are uncertain: calls that timed
	 * out, which Redis refuses when it runs them after their deadline.
	 * @return the number of uncertain failures
	 */
	long uncertainPublishFailures() {
		return this.uncertainPublishFailures.get();
	}

	private void failed(String consequence, String cause, long publishFailuresBefore) {
		if (this.down.compareAndSet(false, true)) {
			this.publishFailuresAtStart.set(publishFailuresBefore);
			logger.warn(LogMessage.format("Redis is unreachable or too slow: %s until it answers again (%s)",
					consequence, cause));
		}
	}

}
