package io.github.eventsource.web.internal;

import io.github.eventsource.core.EventSourceEvent;

/**
 * A generation that another instance runs, as this instance follows it: the event that
 * ends its streams if that instance is lost, and how long the count of that instance's
 * renewals has stood still while Redis answered this one promptly, which tells a dead
 * instance from a slow Redis. Used by one thread at a time.
 */
final class FollowedGeneration {

	private final Generation generation;

	private final EventSourceEvent failure;

	private String renewals = "";

	private long stillSinceNanos = System.nanoTime();

	private boolean lost;

	/**
	 * Create a follower.
	 * @param generation the local copy of the generation
	 * @param failure the event that ends its streams if its instance is lost
	 */
	FollowedGeneration(Generation generation, EventSourceEvent failure) {
		this.generation = generation;
		this.failure = failure;
	}

	Generation generation() {
		return this.generation;
	}

	EventSourceEvent failure() {
		return this.failure;
	}

	/**
	 * Take the count of renewals read by a read that started at the given time; return
	 * whether it has stood still for longer than the given silence, counted only while
	 * reads were prompt.
	 * @param renewals the count read
	 * @param startNanos when the read started
	 * @param prompt whether Redis answered it promptly
	 * @param silenceNanos how long the count may stand still
	 * @return whether the running instance is taken for dead
	 */
	boolean silent(String renewals, long startNanos, boolean prompt, long silenceNanos) {
		if (!prompt || !renewals.equals(this.renewals)) {
			this.renewals = renewals;
			this.stillSinceNanos = startNanos;
			return false;
		}
		return startNanos - this.stillSinceNanos > silenceNanos;
	}

	/**
	 * A read failed: Redis is away or slow, which says nothing about the running
	 * instance.
	 * @param startNanos when the read started
	 */
	void readFailed(long startNanos) {
		this.stillSinceNanos = startNanos;
	}

	/**
	 * The running instance was lost: the generation ended with the failure event.
	 */
	void lost() {
		this.lost = true;
	}

	boolean isLost() {
		return this.lost;
	}

}
