package io.github.eventsource.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Presence: who is connected to a path or a group, and the presence events of
 * endpoints with 'presence = true'.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.presence")
public class EventSourcePresenceProperties {

	/**
	 * Maximum number of members in the snapshot event a stream gets as it opens.
	 */
	private int maxMembers = 100;

	/**
	 * Name of the event with the snapshot of the path, sent to a stream as it opens.
	 */
	private String snapshotEvent = "presence";

	/**
	 * Name of the event sent to the streams of a path as a stream opens there.
	 */
	private String joinedEvent = "joined";

	/**
	 * Name of the event sent to the streams of a path as a stream there ends.
	 */
	private String leftEvent = "left";

	/**
	 * Number of streams of a path above which its members get the coalesced count
	 * event at most once per coalesce interval instead of one joined or left event
	 * per change.
	 */
	private int coalesceAbove = 100;

	/**
	 * Interval between two coalesced count events of a path above the threshold.
	 */
	private Duration coalesceInterval = Duration.ofSeconds(1);

	/**
	 * Name of the coalesced event with the counts of a path above the threshold.
	 */
	private String countEvent = "presence-count";

	public int getMaxMembers() {
		return this.maxMembers;
	}

	public void setMaxMembers(int maxMembers) {
		this.maxMembers = maxMembers;
	}

	public String getSnapshotEvent() {
		return this.snapshotEvent;
	}

	public void setSnapshotEvent(String snapshotEvent) {
		this.snapshotEvent = snapshotEvent;
	}

	public String getJoinedEvent() {
		return this.joinedEvent;
	}

	public void setJoinedEvent(String joinedEvent) {
		this.joinedEvent = joinedEvent;
	}

	public String getLeftEvent() {
		return this.leftEvent;
	}

	public void setLeftEvent(String leftEvent) {
		this.leftEvent = leftEvent;
	}

	public int getCoalesceAbove() {
		return this.coalesceAbove;
	}

	public void setCoalesceAbove(int coalesceAbove) {
		this.coalesceAbove = coalesceAbove;
	}

	public Duration getCoalesceInterval() {
		return this.coalesceInterval;
	}

	public void setCoalesceInterval(Duration coalesceInterval) {
		this.coalesceInterval = coalesceInterval;
	}

	public String getCountEvent() {
		return this.countEvent;
	}

	public void setCountEvent(String countEvent) {
		this.countEvent = countEvent;
	}

}
