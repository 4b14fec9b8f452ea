package io.github.eventsource.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Replay of missed events after a reconnect with a last event id.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.replay")
public class EventSourceReplayProperties {

	/**
	 * Whether each endpoint path, group and user keeps a history of its events,
	 * assigns ids to events without one, and replays missed events to reconnecting
	 * clients.
	 */
	private boolean enabled;

	/**
	 * Maximum number of events kept in the history of one path, group or user.
	 */
	private int maxEvents = 1000;

	/**
	 * Maximum bytes of the events kept in the history of one path, group or user.
	 */
	private DataSize maxBytes = DataSize.ofMegabytes(1);

	/**
	 * Maximum bytes of every history of the instance together, counting a small
	 * overhead per event; the oldest events are evicted first.
	 */
	private DataSize maxTotalBytes = DataSize.ofMegabytes(64);

	/**
	 * Maximum age of events kept in the history.
	 */
	private Duration maxAge = Duration.ofMinutes(5);

	/**
	 * Name of the event sent to a client whose last event id is unknown or older than
	 * the history, so that it reloads its state.
	 */
	private String resetEvent = "reset";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxEvents() {
		return this.maxEvents;
	}

	public void setMaxEvents(int maxEvents) {
		this.maxEvents = maxEvents;
	}

	public DataSize getMaxBytes() {
		return this.maxBytes;
	}

	public void setMaxBytes(DataSize maxBytes) {
		this.maxBytes = maxBytes;
	}

	public DataSize getMaxTotalBytes() {
		return this.maxTotalBytes;
	}

	public void setMaxTotalBytes(DataSize maxTotalBytes) {
		this.maxTotalBytes = maxTotalBytes;
	}

	public Duration getMaxAge() {
		return this.maxAge;
	}

	public void setMaxAge(Duration maxAge) {
		this.maxAge = maxAge;
	}

	public String getResetEvent() {
		return this.resetEvent;
	}

	public void setResetEvent(String resetEvent) {
		this.resetEvent = resetEvent;
	}

}
