package io.github.eventsource.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP reverse proxy of the tests in front of several instances: each request goes to
 * the next instance in turn (with two, every request to the other one than the last),
 * whatever connection it came on; response bodies stream through as they come, flushed
 * after every read (SSE and long-poll responses are not buffered). Built on the JDK's
 * {@link HttpServer} and {@link HttpClient}.
 */
final class RoundRobinProxy implements AutoCloseable {

	/**
	 * Headers that belong to one hop, or that the JDK's client or server set themselves.
	 */
	private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding", "te",
			"upgrade", "host", "content-length", "expect", "date", "proxy-connection", "trailer");

	static {
		// the JDK's server sends small writes at once, as the instances do (no Nagle delays)
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final List<URI> instances;

	private final AtomicLong requests = new AtomicLong();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final HttpServer server;

	private RoundRobinProxy(List<URI> instances) throws IOException {
		this.instances = instances;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::forward);
		this.server.start();
	}

	/**
	 * Start a proxy in front of instances.
	 * @param instances the instances' base URIs, such as {@code http://localhost:8080}
	 * @return the running proxy
	 * @throws IOException if it cannot listen
	 */
	static RoundRobinProxy start(List<URI> instances) throws IOException {
		return new RoundRobinProxy(instances);
	}

	/**
	 * Return the proxy's base URI.
	 * @return the URI
	 */
	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Return how many requests the proxy forwarded.
	 * @return the number of requests
	 */
	long requests() {
		return this.requests.get();
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI instance = this.instances.get((int) (this.requests.getAndIncrement() % this.instances.size()));
			URI requestUri = exchange.getRequestURI();
			String target = instance + requestUri.getRawPath()
					+ ((requestUri.getRawQuery() != null) ? "?" + requestUri.getRawQuery() : "");
			byte[] body = exchange.getRequestBody().readAllBytes();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
				.method(exchange.getRequestMethod(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			HttpResponse<InputStream> response;
			try {
				response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (IOException ex) {
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			respond(exchange, response);
		}
	}

	private void respond(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
		response.headers().map().forEach((name, values) -> {
			if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				exchange.getResponseHeaders().put(name, values);
			}
		});
		long length = response.headers().firstValueAsLong("Content-Length").orElse(-2);
		boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204
				|| response.statusCode() == 304 || length == 0;
		try (InputStream upstream = response.body()) {
			if (noBody) {
				exchange.sendResponseHeaders(response.statusCode(), -1);
				return;
			}
			// a known length is kept; an unknown one (SSE, chunked) is sent chunked
			exchange.sendResponseHeaders(response.statusCode(), Math.max(0, length));
			OutputStream output = exchange.getResponseBody();
			byte[] buffer = new byte[16 * 1024];
			int read;
			while ((read = upstream.read(buffer)) >= 0) {
				output.write(buffer, 0, read);
				output.flush();
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
