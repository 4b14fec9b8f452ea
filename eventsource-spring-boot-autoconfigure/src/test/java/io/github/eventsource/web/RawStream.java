package io.github.eventsource.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A stream read as raw bytes, for wire-format tests: the body is collected on a reader
 * thread and awaited with a timeout.
 */
public final class RawStream implements AutoCloseable {

	private final HttpClient client;

	private final HttpResponse<InputStream> response;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private volatile boolean ended;

	private RawStream(HttpClient client, HttpResponse<InputStream> response) {
		this.client = client;
		this.response = response;
		Thread reader = new Thread(this::read, "raw-stream-reader");
		reader.setDaemon(true);
		reader.start();
	}

	public static RawStream open(int port, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		// a client of its own, so that no stream shares a pooled connection with another;
		// held by the stream, as a client that is garbage collected closes its connections
		HttpClient client = HttpClient.newHttpClient();
		return new RawStream(client, client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
			.get(10, TimeUnit.SECONDS));
	}

	public int status() {
		return this.response.statusCode();
	}

	public HttpHeaders headers() {
		return this.response.headers();
	}

	public String awaitBodyContaining(String expected) {
		await().atMost(Duration.ofSeconds(5)).until(() -> body().contains(expected));
		return body();
	}

	public String awaitEnd() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.ended);
		return body();
	}

	public String body() {
		synchronized (this.body) {
			return this.body.toString(StandardCharsets.UTF_8);
		}
	}

	private void read() {
		byte[] buffer = new byte[8192];
		try (InputStream in = this.response.body()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				synchronized (this.body) {
					this.body.write(buffer, 0, read);
				}
			}
		}
		catch (IOException ex) {
			// closed by the test
		}
		this.ended = true;
	}

	@Override
	public void close() throws IOException {
		this.response.body().close();
	}

}
