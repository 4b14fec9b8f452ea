package io.github.eventsource.core.internal;

/**
 * Something that forgets what is too old, such as replay history past its maximum age:
 * every expirable bean is expired at each sweep of the {@link HeartbeatScheduler}.
 */
public interface Expirable {

	/**
	 * Forget what is too old now. Must not block on a client.
	 */
	void expire();

}
