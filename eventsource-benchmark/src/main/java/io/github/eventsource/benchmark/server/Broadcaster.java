package io.github.eventsource.benchmark.server;

/**
 * How one server sends an event to every open stream; the part the servers do
 * differently. Streams on {@code /sse} get the ticker's events, streams on
 * {@code /stall} only the flood's, streams on {@code /rooms/{room}} only the posts to
 * their room.
 */
public interface Broadcaster {

	/**
	 * Send one event to every open stream, from the ticker's single thread.
	 * @param id the event id
	 * @param data the event data
	 */
	void broadcast(long id, String data);

	/**
	 * Send one large event to every open stream on {@code /stall}, and to no other, from
	 * the ticker's single thread.
	 * @param id the event id, of the flood's own sequence
	 * @param data the event data
	 */
	void flood(long id, String data);

	/**
	 * Send one event to every open stream of one room, {@code /rooms/{room}}, and to no
	 * other, from one of the {@link RoomTicker}'s sender threads: posts to different
	 * rooms run in parallel, the posts to one room one after the other.
	 * @param room the room, such as {@code 42}
	 * @param id the event id, of the room's own sequence
	 * @param data the event data
	 */
	void post(String room, long id, String data);

	/**
	 * Return the number of open streams the server knows of, on every path.
	 * @return the number of subscribers
	 */
	int subscribers();

}
