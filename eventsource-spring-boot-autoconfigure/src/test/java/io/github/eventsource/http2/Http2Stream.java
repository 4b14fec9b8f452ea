package io.github.eventsource.http2;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

import static org.awaitility.Awaitility.await;

/**
 * One stream of a shared {@link HttpClient}, so that streams to one origin are streams of
 * one HTTP/2 connection; opening returns once the response headers arrived. A reading stream asks for every chunk of its body; a stalled one
 * stops asking once it got the {@code hello} event, so the client stops returning credit
 * for it (no more {@code WINDOW_UPDATE}s) and the stream's flow-control window runs out,
 * while the other streams of the connection go on.
 */
final class Http2Stream implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(10);

	private final boolean stallAfterHello;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private volatile HttpResponse.ResponseInfo response;

	private volatile Flow.Subscription subscription;

	private Http2Stream(boolean stallAfterHello) {
		this.stallAfterHello = stallAfterHello;
	}

	static Http2Stream reading(HttpClient client, URI uri) {
		return open(client, uri, false);
	}

	static Http2Stream stalledAfterHello(HttpClient client, URI uri) {
		return open(client, uri, true);
	}

	private static Http2Stream open(HttpClient client, URI uri, boolean stallAfterHello) {
		Http2Stream stream = new Http2Stream(stallAfterHello);
		client.sendAsync(HttpRequest.newBuilder(uri).build(), (response) -> {
			stream.response = response;
			return BodySubscribers.fromSubscriber(stream);
		});
		// once the first stream of a client has its headers, the others share its connection
		stream.response();
		return stream;
	}

	/**
	 * Wait for the {@code hello} event and return its data.
	 */
	String awaitHello() {
		awaitBodyContaining("event: hello\ndata: ");
		String body = awaitBodyContaining("\n\n");
		return body.substring(body.indexOf("data: ") + 6, body.indexOf("\n\n"));
	}

	String awaitBodyContaining(String expected) {
		await().atMost(TIMEOUT).pollInterval(POLL).until(() -> body().contains(expected));
		return body();
	}

	HttpResponse.ResponseInfo response() {
		await().atMost(TIMEOUT).pollInterval(POLL).until(() -> this.response != null);
		return this.response;
	}

	String body() {
		synchronized (this.body) {
			return this.body.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(1);
	}

	@Override
	public void onNext(List<ByteBuffer> chunk) {
		synchronized (this.body) {
			for (ByteBuffer buffer : chunk) {
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				this.body.writeBytes(bytes);
			}
		}
		if (!this.stallAfterHello || !body().contains("event: hello\n") || !body().contains("\n\n")) {
			this.subscription.request(1);
		}
	}

	@Override
	public void onError(Throwable throwable) {
	}

	@Override
	public void onComplete() {
	}

	/**
	 * Reset the stream, whether or not the server ended it.
	 */
	@Override
	public void close() {
		Flow.Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
