package io.github.eventsource.benchmark.runner;

import java.util.Map;

import io.github.eventsource.benchmark.runner.BenchmarkRun.Window;

/**
 * What a server sends while a window is measured, and the paths its reading streams
 * open to receive it. Whatever the load, the ids one stream receives follow each other
 * from the window's first to its last, so that a missing event shows as a missing id.
 */
sealed interface Load {

	/**
	 * Return the path a reading stream opens.
	 * @param stream the stream's number in its group, from {@code 0}
	 * @return the path, such as {@code /sse}
	 */
	String path(int stream);

	/**
	 * Return the id of the next event every reading stream will be sent, while the
	 * server is not sending.
	 * @param control the server
	 * @return the first id of a window that starts now
	 */
	long nextId(ServerControl control);

	/**
	 * Start sending.
	 * @param control the server
	 */
	void start(ServerControl control);

	/**
	 * Stop sending, and return once what is in progress is over.
	 * @param control the server
	 * @return the last id sent to every reading stream
	 */
	long stop(ServerControl control);

	/**
	 * Put what the server sent in a window.
	 * @param metrics where to put it
	 * @param window the window
	 */
	void putSent(Map<String, Object> metrics, Window window);

	/**
	 * One broadcast to every stream on {@code /sse} at a steady period, from the server's
	 * ticker thread (W2, W3, W6, W7).
	 *
	 * @param periodMillis the period
	 */
	record Ticker(long periodMillis) implements Load {

		@Override
		public String path(int stream) {
			return "/sse";
		}

		@Override
		public long nextId(ServerControl control) {
			return control.stats().sent() + 1;
		}

		@Override
		public void start(ServerControl control) {
			control.ticker(this.periodMillis);
		}

		@Override
		public long stop(ServerControl control) {
			return control.ticker(0).sent();
		}

		@Override
		public void putSent(Map<String, Object> metrics, Window window) {
			metrics.put("broadcasts", window.broadcasts());
		}

	}

	/**
	 * Posts spread over many rooms at a steady total rate from several sender threads of
	 * the server, each post to the streams of one room ({@code /rooms/<n>}) only (W8):
	 * stream {@code i} of a group reads room {@code i mod rooms}, and one pass over every
	 * room is one id.
	 *
	 * @param rooms the number of rooms
	 * @param postsPerSecond the posts per second of all senders together
	 * @param senders the number of sender threads
	 */
	record Rooms(int rooms, double postsPerSecond, int senders) implements Load {

		@Override
		public String path(int stream) {
			return "/rooms/" + (stream % this.rooms);
		}

		@Override
		public long nextId(ServerControl control) {
			return control.rooms().passes() + 1;
		}

		@Override
		public void start(ServerControl control) {
			control.startRooms(this.rooms, this.postsPerSecond, this.senders);
		}

		@Override
		public long stop(ServerControl control) {
			return control.stopRooms().passes();
		}

		@Override
		public void putSent(Map<String, Object> metrics, Window window) {
			long posts = window.broadcasts() * this.rooms;
			metrics.put("rooms", this.rooms);
			metrics.put("passes", window.broadcasts());
			metrics.put("posts", posts);
			metrics.put("posts_per_s", Math.round(posts / window.seconds()));
		}

	}

}
