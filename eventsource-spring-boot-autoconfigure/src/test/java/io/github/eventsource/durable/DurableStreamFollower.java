package io.github.eventsource.durable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader of a JSON durable stream in the protocol's SSE mode, as a browser's client
 * reads one: the items of every {@code data} event (messages {@code {"n": ...}}) count
 * once their {@code control} event came, and after any end of a response (a failure of
 * the server, its time up, or a hang-up of its own) it reconnects from the offset of the
 * last control event.
 */
public final class DurableStreamFollower implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String url;

	private final int hangUpAfter;

	private final List<Integer> received = new CopyOnWriteArrayList<>();

	private volatile String offset;

	private volatile boolean hungUp;

	private volatile boolean closed;

	private volatile Connection connection;

	/**
	 * Start following a stream.
	 * @param url the stream's URL
	 * @param offset the offset to read from
	 */
	public DurableStreamFollower(String url, String offset) {
		this(url, offset, Integer.MAX_VALUE);
	}

	/**
	 * Start following a stream, and hang up once when it has received some items.
	 * @param url the stream's URL
	 * @param offset the offset to read from
	 * @param hangUpAfter how many items to receive before it hangs up and reconnects
	 */
	public DurableStreamFollower(String url, String offset, int hangUpAfter) {
		this.url = url;
		this.offset = offset;
		this.hangUpAfter = hangUpAfter;
		connect();
	}

	/**
	 * Return the items received, in order.
	 * @return the items
	 */
	public List<Integer> received() {
		return this.received;
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		Connection connection = new Connection();
		this.connection = connection;
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "?live=sse&offset=" + this.offset))
			.timeout(Duration.ofSeconds(60))
			.build();
		HTTP.sendAsync(request, BodyHandlers.fromLineSubscriber(connection)).whenComplete((response, ex) -> {
			if (ex != null || response.statusCode() != 200) {
				connection.end();
			}
		});
	}

	@Override
	public void close() {
		this.closed = true;
		this.connection.cancel();
	}

	/**
	 * One response: its lines, until it ends; then the next connection.
	 */
	private final class Connection implements Flow.Subscriber<String> {

		private final List<Integer> pending = new ArrayList<>();

		private final StringBuilder data = new StringBuilder();

		private final AtomicBoolean ended = new AtomicBoolean();

		private String event = "";

		private volatile Flow.Subscription subscription;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
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
				DurableStreamFollower.this.received.addAll(this.pending);
				this.pending.clear();
				DurableStreamFollower.this.offset = JsonMapper.shared().readTree(data).get("streamNextOffset").asString();
				if (!DurableStreamFollower.this.hungUp
						&& DurableStreamFollower.this.received.size() >= DurableStreamFollower.this.hangUpAfter) {
					DurableStreamFollower.this.hungUp = true;
					cancel();
					end();
				}
			}
		}

		void cancel() {
			Flow.Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

		void end() {
			if (this.ended.compareAndSet(false, true)) {
				connect();
			}
		}

		@Override
		public void onError(Throwable throwable) {
			end();
		}

		@Override
		public void onComplete() {
			end();
		}

	}

}
