package io.github.eventsource.autoconfigure.cluster.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader of a JSON durable stream in the protocol's SSE mode, as a browser's client
 * reads one: the items of every {@code data} event (messages {@code {"n": ...}}) count
 * once their {@code control} event came, and after any end of the response (a failure of
 * the server, its time up) it reconnects from the offset of the last control event.
 */
final class DurableStreamFollower implements Flow.Subscriber<String>, AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String url;

	private final List<Integer> received = new CopyOnWriteArrayList<>();

	private final List<Integer> pending = new ArrayList<>();

	private final StringBuilder data = new StringBuilder();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile String offset;

	private volatile boolean closed;

	private String event = "";

	private Flow.Subscription subscription;

	/**
	 * Start following a stream.
	 * @param url the stream's URL
	 * @param offset the offset to read from
	 */
	DurableStreamFollower(String url, String offset) {
		this.url = url;
		this.offset = offset;
		connect();
	}

	/**
	 * Return the items received, in order.
	 * @return the items
	 */
	List<Integer> received() {
		return this.received;
	}

	/**
	 * Return how many times the follower connected.
	 * @return the number of connections
	 */
	int connections() {
		return this.connections.get();
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		this.connections.incrementAndGet();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "?live=sse&offset=" + this.offset))
			.timeout(Duration.ofSeconds(60))
			.build();
		HTTP.sendAsync(request, BodyHandlers.fromLineSubscriber(this)).whenComplete((response, ex) -> {
			if (ex != null || response.statusCode() != 200) {
				connect();
			}
		});
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		this.pending.clear();
		this.data.setLength(0);
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		if (line.startsWith("event:")) {
			this.event = line.substring(6).trim();
		}
		else if (line.startsWith("data:")) {
			this.data.append(line.substring(5));
		}
		else if (line.isEmpty()) {
			dispatch();
		}
	}

	private void dispatch() {
		String data = this.data.toString();
		this.data.setLength(0);
		if (this.event.equals("data")) {
			for (JsonNode item : JsonMapper.shared().readTree(data)) {
				this.pending.add(item.get("n").asInt());
			}
		}
		else if (this.event.equals("control")) {
			this.received.addAll(this.pending);
			this.pending.clear();
			this.offset = JsonMapper.shared().readTree(data).get("streamNextOffset").asString();
		}
	}

	@Override
	public void onError(Throwable throwable) {
		connect();
	}

	@Override
	public void onComplete() {
		connect();
	}

	@Override
	public void close() {
		this.closed = true;
		Flow.Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
