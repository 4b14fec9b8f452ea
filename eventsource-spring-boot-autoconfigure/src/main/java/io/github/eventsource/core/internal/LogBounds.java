package io.github.eventsource.core.internal;

import java.time.Duration;

/**
 * The bounds of a log kept for replay: the most events, the most bytes of their frames,
 * and the maximum age of an event, where its owner bounds age. Settings: an
 * auto-configuration fills them from the properties before the owner of the logs is
 * created; they are only read afterwards.
 */
public final class LogBounds {

	private int maxEvents;

	private long maxBytes;

	private Duration maxAge;

	/**
	 * Create the bounds of a replay history, with the defaults of the
	 * {@code eventsource.replay.*} properties.
	 */
	public LogBounds() {
		this(1000, 1024 * 1024, Duration.ofMinutes(5));
	}

	/**
	 * Create bounds with other defaults.
	 * @param maxEvents the most events of the log
	 * @param maxBytes the most bytes of the frames of the log
	 * @param maxAge the maximum age of an event
	 */
	public LogBounds(int maxEvents, long maxBytes, Duration maxAge) {
		this.maxEvents = maxEvents;
		this.maxBytes = maxBytes;
		this.maxAge = maxAge;
	}

	/**
	 * Return the bounds of one in-memory log with these events and bytes.
	 * @param retention what the log keeps
	 * @return the bounds
	 */
	public EventLog.Bounds of(EventLog.Retention retention) {
		return new EventLog.Bounds(this.maxEvents, this.maxBytes, retention);
	}

	public int maxEvents() {
		return this.maxEvents;
	}

	public void setMaxEvents(int maxEvents) {
		this.maxEvents = maxEvents;
	}

	public long maxBytes() {
		return this.maxBytes;
	}

	public void setMaxBytes(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	public Duration maxAge() {
		return this.maxAge;
	}

	public void setMaxAge(Duration maxAge) {
		this.maxAge = maxAge;
	}

}
