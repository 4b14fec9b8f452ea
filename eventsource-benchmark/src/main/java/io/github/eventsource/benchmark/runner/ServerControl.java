package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a benchmark server's control endpoints.
 */
final class ServerControl {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	ServerControl(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Broadcast every {@code periodMillis}; {@code 0} stops.
	 * @param periodMillis the period
	 * @return the statistics after the change
	 */
	Stats ticker(long periodMillis) {
		return stats(post("/ticker?ms=" + periodMillis));
	}

	/**
	 * Queue large broadcasts on the server and return before they are sent.
	 * @param count the number of events
	 * @param bytes the size of each event's data
	 * @return the statistics before they are sent
	 */
	Stats flood(int count, int bytes) {
		return stats(post("/flood?n=" + count + "&bytes=" + bytes));
	}

	/**
	 * Post events spread over rooms from several sender threads, replacing a run in
	 * progress.
	 * @param rooms the number of rooms
	 * @param perSecond the posts per second of all senders together
	 * @param senders the number of sender threads
	 * @return what the room ticker sent before this run
	 */
	RoomStats startRooms(int rooms, double perSecond, int senders) {
		return roomStats(post("/room-ticker?rooms=" + rooms + "&perSecond=" + perSecond + "&senders=" + senders));
	}

	/**
	 * Stop posting to rooms once the pass in progress is complete.
	 * @return what the room ticker sent, {@link RoomStats#passes()} the last id of every
	 * room
	 */
	RoomStats stopRooms() {
		return roomStats(post("/room-ticker?perSecond=0"));
	}

	RoomStats rooms() {
		return roomStats(send(HttpRequest.newBuilder(URI.create(this.base + "/room-ticker")).GET().timeout(TIMEOUT)));
	}

	Stats broadcast(int count) {
		return stats(post("/broadcast?n=" + count));
	}

	Stats stats() {
		return stats(TIMEOUT);
	}

	/**
	 * Return the server's statistics, or fail after a timeout.
	 * @param timeout how long to wait for the answer
	 * @return the statistics
	 */
	Stats stats(Duration timeout) {
		return stats(send(HttpRequest.newBuilder(URI.create(this.base + "/stats")).GET().timeout(timeout)));
	}

	/**
	 * Run a full GC on the server, twice so that what the first freed is gone.
	 * @return the heap in use after it, in bytes
	 */
	long heapAfterGc() {
		post("/gc");
		return json.readTree(post("/gc")).get("heapUsed").asLong();
	}

	private String post(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(TIMEOUT));
	}

	private String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Server at " + this.base + " did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static Stats stats(String body) {
		JsonNode node = json.readTree(body);
		return new Stats(node.get("subscribers").asInt(), node.get("sent").asLong(), node.path("webServer").asString());
	}

	private static RoomStats roomStats(String body) {
		JsonNode node = json.readTree(body);
		return new RoomStats(node.get("passes").asLong(), node.get("posts").asLong());
	}

	/**
	 * What {@code /room-ticker} answers.
	 *
	 * @param passes the passes over every room completed, also the last id every room
	 * was sent
	 * @param posts the posts sent, each to one room
	 */
	record RoomStats(long passes, long posts) {

	}

	/**
	 * What {@code GET /stats} answers.
	 *
	 * @param subscribers the open streams the server knows of
	 * @param sent the events broadcast so far, also the last id
	 * @param webServer the simple name of the server's web server class, such as
	 * {@code JettyWebServer}
	 */
	record Stats(int subscribers, long sent, String webServer) {

	}

}
