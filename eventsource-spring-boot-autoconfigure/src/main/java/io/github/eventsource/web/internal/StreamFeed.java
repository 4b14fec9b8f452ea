package io.github.eventsource.web.internal;

/**
 * What feeds a stream besides the application's sends: told when the stream wrote and
 * when it ended.
 */
interface StreamFeed {

	/**
	 * The stream wrote: it may have room for more.
	 */
	void written();

	/**
	 * The stream ended; called at least once.
	 * @param session the session of the stream
	 */
	void ended(EndpointSession session);

}
