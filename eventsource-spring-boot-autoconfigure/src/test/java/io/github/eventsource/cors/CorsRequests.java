package io.github.eventsource.cors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.eventsource.web.RawStream;

/**
 * Cross-origin requests as a browser sends them: a preflight, and a simple {@code GET}
 * that opens a stream.
 */
final class CorsRequests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	CorsRequests(int port) {
		this.port = port;
	}

	HttpResponse<String> preflight(String path, String origin) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "last-event-id")
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	RawStream stream(String path, String origin) throws Exception {
		return RawStream.open(this.port, path, "Origin", origin, "Accept", "text/event-stream");
	}

	HttpResponse<String> get(String path, String origin) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Origin", origin)
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
