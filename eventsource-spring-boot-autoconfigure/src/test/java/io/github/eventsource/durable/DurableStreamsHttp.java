package io.github.eventsource.durable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The requests of the Durable Streams tests, over the JDK's client, to the streams under
 * {@code /streams} of a server on a port.
 */
final class DurableStreamsHttp {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final int port;

	DurableStreamsHttp(int port) {
		this.port = port;
	}

	/**
	 * Send a request.
	 * @param method the method
	 * @param path the path below {@code /streams}, with its query
	 * @param contentType the content type, or {@code null} for none
	 * @param body the body, or {@code null} for none
	 * @return the response
	 */
	HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body)
			throws Exception {
		HttpRequest.Builder builder = request(path).method(method,
				(body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return HTTP.send(builder.build(), BodyHandlers.ofString());
	}

	/**
	 * Append {@code p} as an idempotent producer.
	 * @param path the stream's path below {@code /streams}
	 * @param id the producer's id
	 * @param epoch its epoch
	 * @param seq its sequence number
	 * @return the response
	 */
	HttpResponse<String> producer(String path, String id, String epoch, String seq) throws Exception {
		HttpRequest request = request(path).header("Content-Type", "text/plain")
			.header("Producer-Id", id)
			.header("Producer-Epoch", epoch)
			.header("Producer-Seq", seq)
			.POST(BodyPublishers.ofString("p"))
			.build();
		return HTTP.send(request, BodyHandlers.ofString());
	}

	/**
	 * Start a request.
	 * @param path the path below {@code /streams}, with its query
	 * @return the request's builder
	 */
	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/streams" + path))
			.timeout(Duration.ofSeconds(30));
	}

}
