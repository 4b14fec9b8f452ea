package io.github.eventsource.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * A Server-Sent Events client for tests, bound to the application's running server and
 * built on LaunchDarkly's okhttp-eventsource.
 * <p>
 * Each {@link #connect(String) connect} opens one stream and returns its
 * {@link EventSourceTestStream handle}, which collects what arrives and awaits it with
 * timeouts; each {@link #readDurableStream(String) readDurableStream} reads a durable
 * stream, catch-up then live, and returns its
 * {@link EventSourceTestDurableStream handle}. A stream never reconnects by itself:
 * {@link EventSourceTestStream#reconnect()} is an explicit call. Thread-safe.
 *
 * @since 0.1.0
 * @see AutoConfigureEventSourceTestClient
 */
public final class EventSourceTestClient {

	private final Supplier<String> baseUri;

	private final Duration awaitTimeout;

	private final JsonDataReader dataReader;

	private final OkHttpClient httpClient = new OkHttpClient();

	/**
	 * Create a client whose streams await for
	 * {@link EventSourceTestStream#DEFAULT_TIMEOUT} and read JSON data with Jackson's
	 * defaults.
	 * @param baseUri supplies the server's base URI, such as {@code http://localhost:8080};
	 * asked on every connect, so that it may be bound before the server has a port
	 */
	public EventSourceTestClient(Supplier<String> baseUri) {
		this(baseUri, EventSourceTestStream.DEFAULT_TIMEOUT, JsonMapper.shared());
	}

	/**
	 * Create a client.
	 * @param baseUri supplies the server's base URI, such as {@code http://localhost:8080};
	 * asked on every connect, so that it may be bound before the server has a port
	 * @param awaitTimeout how long the awaits of its streams without a timeout argument
	 * wait
	 * @param jsonMapper reads the data of received events for
	 * {@link ReceivedEvent#dataAs(Class)}, the application's own in a test
	 */
	public EventSourceTestClient(Supplier<String> baseUri, Duration awaitTimeout, JsonMapper jsonMapper) {
		this.baseUri = baseUri;
		this.awaitTimeout = awaitTimeout;
		this.dataReader = new JsonDataReader(jsonMapper);
	}

	/**
	 * Return how long the awaits of this client's streams without a timeout argument
	 * wait.
	 * @return the await timeout
	 */
	public Duration getAwaitTimeout() {
		return this.awaitTimeout;
	}

	/**
	 * Open a stream.
	 * @param path the path and query, such as {@code /rooms/42?lastEventId=7}
	 * @return the stream, connecting in the background
	 */
	public EventSourceTestStream connect(String path) {
		return connect(path, (headers) -> {
		});
	}

	/**
	 * Open a stream with request headers, such as {@code Last-Event-ID} or
	 * {@code Authorization}.
	 * @param path the path and query
	 * @param headers sets the request headers
	 * @return the stream, connecting in the background
	 */
	public EventSourceTestStream connect(String path, Consumer<HttpHeaders> headers) {
		HttpHeaders requestHeaders = new HttpHeaders();
		headers.accept(requestHeaders);
		return new EventSourceTestStream(this.httpClient, URI.create(this.baseUri.get() + path), requestHeaders,
				this.awaitTimeout, this.dataReader);
	}

	/**
	 * Read a durable stream from its start, then live.
	 * @param path the stream's path, such as {@code /v1/stream/answers/42}
	 * @return the read, connecting in the background
	 * @see #readDurableStream(String, String, Consumer)
	 */
	public EventSourceTestDurableStream readDurableStream(String path) {
		return readDurableStream(path, "-1");
	}

	/**
	 * Read a durable stream from an offset, then live.
	 * @param path the stream's path, such as {@code /v1/stream/answers/42}
	 * @param offset the offset, such as one a previous read's
	 * {@link EventSourceTestDurableStream#nextOffset()} returned, {@code -1} for the
	 * start or {@code now} for the end
	 * @return the read, connecting in the background
	 * @see #readDurableStream(String, String, Consumer)
	 */
	public EventSourceTestDurableStream readDurableStream(String path, String offset) {
		return readDurableStream(path, offset, (headers) -> {
		});
	}

	/**
	 * Read a durable stream from an offset, then live, with request headers such as
	 * {@code Authorization}: asks the stream's content type with {@code HEAD} (a JSON
	 * stream's items are its messages; a stream neither JSON nor {@code text/*} is sent
	 * in base64), then reads it with
	 * {@code GET path?offset=…&live=sse}.
	 * @param path the stream's path, such as {@code /v1/stream/answers/42}
	 * @param offset the offset to read from, {@code -1} for the start
	 * @param headers sets the request headers of both requests
	 * @return the read, connecting in the background
	 * @throws UncheckedIOException if the {@code HEAD} request fails
	 */
	public EventSourceTestDurableStream readDurableStream(String path, String offset, Consumer<HttpHeaders> headers) {
		HttpHeaders requestHeaders = new HttpHeaders();
		headers.accept(requestHeaders);
		String contentType = contentType(path, requestHeaders);
		boolean json = contentType.startsWith("application/json");
		boolean base64 = !json && !contentType.startsWith("text/");
		String query = ((path.indexOf('?') >= 0) ? "&" : "?") + "offset="
				+ URLEncoder.encode(offset, StandardCharsets.UTF_8) + "&live=sse";
		EventSourceTestStream events = connect(path + query, headers);
		return new EventSourceTestDurableStream(events, new DurableStreamFrames(json, base64, offset, this.dataReader),
				this.awaitTimeout, (next) -> readDurableStream(path, next, headers));
	}

	/**
	 * Ask a stream's content type, in lower case: a JSON stream's data events hold arrays
	 * of messages, those of a stream neither JSON nor text base64.
	 */
	private String contentType(String path, HttpHeaders headers) {
		Request.Builder head = new Request.Builder().url(this.baseUri.get() + path).head();
		headers.forEach((name, values) -> values.forEach((value) -> head.addHeader(name, value)));
		try (Response response = this.httpClient.newCall(head.build()).execute()) {
			return response.header(HttpHeaders.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("HEAD " + path + " failed", ex);
		}
	}

}
