package io.github.eventsource.benchmark.server;

/**
 * How one server sends an event to every open stream; the part the three servers do
 * differently.
 */
public interface Broadcaster {

	/**
	 * Send one event to every open stream, from the ticker's single thread.
	 * @param id the event id
	 * @param data the event data
	 */
	void broadcast(long id, String data);

	/**
	 * Return the number of open streams the server knows of.
	 * @return the number of subscribers
	 */
	int subscribers();

}
