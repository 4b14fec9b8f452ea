package io.github.eventsource.test;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import okhttp3.OkHttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * A Server-Sent Events client for tests, bound to the application's running server and
 * built on LaunchDarkly's okhttp-eventsource.
 * <p>
 * Each {@link #connect(String) connect} opens one stream and returns its
 * {@link TestEventStream handle}, which collects what arrives and awaits it with
 * timeouts. A stream never reconnects by itself: {@link TestEventStream#reconnect()} is an
 * explicit call. Thread-safe.
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
	 * Create a client whose streams await for {@link TestEventStream#DEFAULT_TIMEOUT} and
	 * read JSON data with Jackson's defaults.
	 * @param baseUri supplies the server's base URI, such as {@code http://localhost:8080};
	 * asked on every connect, so that it may be bound before the server has a port
	 */
	public EventSourceTestClient(Supplier<String> baseUri) {
		this(baseUri, TestEventStream.DEFAULT_TIMEOUT, JsonMapper.shared());
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
	public TestEventStream connect(String path) {
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
	public TestEventStream connect(String path, Consumer<HttpHeaders> headers) {
		HttpHeaders requestHeaders = new HttpHeaders();
		headers.accept(requestHeaders);
		return new TestEventStream(this.httpClient, URI.create(this.baseUri.get() + path), requestHeaders,
				this.awaitTimeout, this.dataReader);
	}

}
