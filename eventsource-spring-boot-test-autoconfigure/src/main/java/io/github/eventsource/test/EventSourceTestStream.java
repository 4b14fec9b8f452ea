package io.github.eventsource.test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import com.launchdarkly.eventsource.CommentEvent;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamClosedByCallerException;
import com.launchdarkly.eventsource.StreamClosedByServerException;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * One stream opened by the {@link EventSourceTestClient}: collects the events, comments
 * and reconnection time that arrive, and awaits them with timeouts.
 * <p>
 * {@link #awaitEvent()}, {@link #awaitEvents(int)} and {@link #awaitCompletion()} hand
 * out the received events in order, each once; {@link #events()} returns all of them. A failed await throws an
 * {@link AssertionError} that says what arrived instead; the awaits without a timeout
 * argument wait for the client's {@link EventSourceTestClient#getAwaitTimeout() await
 * timeout}. The response status, headers
 * and, for a refused stream, body are readable once the response arrived. Reading happens
 * on one daemon thread per stream; every method is thread-safe. Closing ends the stream.
 *
 * @since 0.1.0
 */
public final class EventSourceTestStream implements AutoCloseable {

	/**
	 * How long the awaits without a timeout argument wait unless
	 * {@link AutoConfigureEventSourceTestClient#awaitTimeout()} says otherwise.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final long MAX_BODY_BYTES = 64 * 1024;

	/**
	 * The initial reconnection time: okhttp-eventsource keeps a {@code retry:} field to
	 * itself, so one received is seen as a change from a value no server sends.
	 */
	private static final long NO_RETRY = Long.MAX_VALUE;

	private final OkHttpClient httpClient;

	private final URI uri;

	private final HttpHeaders requestHeaders;

	private final Duration awaitTimeout;

	private final JsonDataReader dataReader;

	private final EventSource eventSource;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<ReceivedEvent> events = new ArrayList<>();

	private final List<String> comments = new ArrayList<>();

	private int handedOut;

	private @Nullable Integer status;

	private HttpHeaders headers = HttpHeaders.EMPTY;

	private String body = "";

	private boolean open;

	private boolean ended;

	private boolean closed;

	private @Nullable StreamException failure;

	EventSourceTestStream(OkHttpClient httpClient, URI uri, HttpHeaders requestHeaders, Duration awaitTimeout,
			JsonDataReader dataReader) {
		this.httpClient = httpClient;
		this.uri = uri;
		this.requestHeaders = requestHeaders;
		this.awaitTimeout = awaitTimeout;
		this.dataReader = dataReader;
		Headers.Builder headers = new Headers.Builder();
		requestHeaders.forEach((name, values) -> values.forEach((value) -> headers.add(name, value)));
		OkHttpClient recordingClient = httpClient.newBuilder()
			.readTimeout(0, TimeUnit.MILLISECONDS)
			.addInterceptor((chain) -> responded(chain.proceed(chain.request())))
			.build();
		ConnectStrategy connect = ConnectStrategy.http(uri).httpClient(recordingClient).headers(headers.build());
		this.eventSource = new EventSource.Builder(connect).errorStrategy(ErrorStrategy.alwaysThrow())
			.retryDelay(NO_RETRY, TimeUnit.MILLISECONDS)
			.build();
		Thread reader = new Thread(this::read, "eventsource-test-client-" + uri.getPath());
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Await the next event not handed out yet.
	 * @return the event
	 * @throws AssertionError if none arrives within the await timeout
	 */
	public ReceivedEvent awaitEvent() {
		return awaitEvent(this.awaitTimeout);
	}

	/**
	 * Await the next event not handed out yet.
	 * @param timeout how long to wait
	 * @return the event
	 * @throws AssertionError if none arrives in time
	 */
	public ReceivedEvent awaitEvent(Duration timeout) {
		return awaitEvents(1, timeout).get(0);
	}

	/**
	 * Await the next events not handed out yet.
	 * @param count how many events
	 * @return the events, in order of arrival
	 * @throws AssertionError if fewer arrive within the await timeout
	 */
	public List<ReceivedEvent> awaitEvents(int count) {
		return awaitEvents(count, this.awaitTimeout);
	}

	/**
	 * Await the next events not handed out yet.
	 * @param count how many events
	 * @param timeout how long to wait for all of them
	 * @return the events, in order of arrival
	 * @throws AssertionError if fewer arrive in time
	 */
	public List<ReceivedEvent> awaitEvents(int count, Duration timeout) {
		return locked(() -> {
			await(timeout, () -> this.events.size() - this.handedOut >= count,
					() -> count + " more event(s) after the " + this.handedOut + " already taken");
			List<ReceivedEvent> next = List.copyOf(this.events.subList(this.handedOut, this.handedOut + count));
			this.handedOut += count;
			return next;
		});
	}

	/**
	 * Await the next event of a name not handed out yet, handing out the events before
	 * it too, such as the presence events of a stream that only a test of messages reads.
	 * @param name the event name, {@link ReceivedEvent#NAMELESS} for a nameless event
	 * @return the event
	 * @throws AssertionError if none arrives within the await timeout
	 */
	public ReceivedEvent awaitEvent(String name) {
		return awaitEvent(name, this.awaitTimeout);
	}

	/**
	 * Await the next event of a name not handed out yet, handing out the events before
	 * it too.
	 * @param name the event name, {@link ReceivedEvent#NAMELESS} for a nameless event
	 * @param timeout how long to wait
	 * @return the event
	 * @throws AssertionError if none arrives in time
	 */
	public ReceivedEvent awaitEvent(String name, Duration timeout) {
		return locked(() -> {
			await(timeout, () -> indexOf(name) >= 0,
					() -> "an event named '" + name + "' after the " + this.handedOut + " already taken");
			int index = indexOf(name);
			this.handedOut = index + 1;
			return this.events.get(index);
		});
	}

	private int indexOf(String name) {
		for (int i = this.handedOut; i < this.events.size(); i++) {
			if (this.events.get(i).name().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Await the response and assert that the stream opened.
	 * @return this stream
	 * @throws AssertionError if it was refused, failed, or did not open within
	 * the await timeout
	 */
	public EventSourceTestStream awaitOpen() {
		return locked(() -> {
			await(this.awaitTimeout, () -> this.open || this.ended, () -> "the stream to open");
			if (!this.open) {
				throw new AssertionError("Expected the stream to open, but " + describe());
			}
			return this;
		});
	}

	/**
	 * Await the end of the stream: the server completed it, or it failed.
	 * @return this stream
	 * @throws AssertionError if it does not end within the await timeout
	 */
	public EventSourceTestStream awaitClosed() {
		return locked(() -> {
			await(this.awaitTimeout, () -> this.ended, () -> "the stream to be closed");
			return this;
		});
	}

	/**
	 * Follow the stream to its end: await the server ending it, and return the events not
	 * handed out yet, such as the rest of a generated stream and its completion event.
	 * @return the events not handed out yet, in order of arrival
	 * @throws AssertionError if the stream did not open, failed, or does not end within
	 * the await timeout
	 */
	public List<ReceivedEvent> awaitCompletion() {
		return locked(() -> {
			await(this.awaitTimeout, () -> this.ended, () -> "the server to end the stream");
			if (!this.open || this.failure != null) {
				throw new AssertionError("Expected the server to end the stream, but " + describe());
			}
			List<ReceivedEvent> rest = List.copyOf(this.events.subList(this.handedOut, this.events.size()));
			this.handedOut = this.events.size();
			return rest;
		});
	}

	/**
	 * Await the response and return its HTTP status.
	 * @return the status code
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public int status() {
		return afterResponse(() -> (this.status != null) ? this.status : 0);
	}

	/**
	 * Await the response and return its headers.
	 * @return the response headers, read-only
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public HttpHeaders headers() {
		return afterResponse(() -> this.headers);
	}

	/**
	 * Await the response and return the body of a refused stream (status other than
	 * 2xx), such as {@code forbidden}.
	 * @return the body of a refused stream, empty for a stream that opened
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public String body() {
		return afterResponse(() -> this.body);
	}

	/**
	 * Return every event received so far, including those handed out.
	 * @return a snapshot of the events, in order of arrival
	 */
	public List<ReceivedEvent> events() {
		return locked(() -> List.copyOf(this.events));
	}

	/**
	 * Return every comment line received so far, such as heartbeats.
	 * @return a snapshot of the comments' text, in order of arrival
	 */
	public List<String> comments() {
		return locked(() -> List.copyOf(this.comments));
	}

	/**
	 * Return the reconnection time the server sent in a {@code retry:} field.
	 * @return the last reconnection time received, or {@code null} if none
	 */
	public @Nullable Duration retry() {
		long millis = this.eventSource.getBaseRetryDelayMillis();
		return (millis != NO_RETRY) ? Duration.ofMillis(millis) : null;
	}

	/**
	 * Return the last event id received, which {@link #reconnect()} sends.
	 * @return the last event id, or {@code null} if none
	 */
	public @Nullable String lastEventId() {
		return locked(() -> this.events.isEmpty() ? null : this.events.get(this.events.size() - 1).id());
	}

	/**
	 * Return whether the stream is open: it opened and has not ended.
	 * @return whether the stream is open
	 */
	public boolean isOpen() {
		return locked(() -> this.open && !this.ended);
	}

	/**
	 * Await, holding this stream's lock, until a probe of the events received so far
	 * answers, for the views of a stream that read its events as something else, such as
	 * an {@link EventSourceTestDurableStream}. The probe runs on each change until it
	 * answers, and should keep what it derives from the events, so that each run reads
	 * only the new ones; once it answers it is not run again.
	 * @param <T> what the probe answers
	 * @param timeout how long to wait
	 * @param probe reads the events received so far, in order of arrival: its answer, or
	 * {@code null} to wait on
	 * @param expected what is awaited, for the failure message
	 * @return the probe's answer
	 * @throws AssertionError if the probe does not answer in time, or the stream ends
	 * without it answering
	 */
	<T> T awaitReceived(Duration timeout, Function<List<ReceivedEvent>, @Nullable T> probe,
			Supplier<String> expected) {
		return locked(() -> {
			List<@Nullable T> answer = new ArrayList<>(Collections.singletonList(null));
			await(timeout, () -> {
				answer.set(0, probe.apply(this.events));
				return answer.get(0) != null || this.ended;
			}, expected);
			T found = answer.get(0);
			if (found == null) {
				throw new AssertionError("Expected " + expected.get() + ", but " + describe());
			}
			return found;
		});
	}

	/**
	 * Read the events received so far, holding this stream's lock.
	 * @param <T> what is read
	 * @param read reads the events, in order of arrival
	 * @return what was read
	 */
	<T> T readReceived(Function<List<ReceivedEvent>, T> read) {
		return locked(() -> read.apply(this.events));
	}

	/**
	 * Close this stream if it is still open, and open a new one to the same URI with the
	 * same headers and the last event id received as {@code Last-Event-ID}, as a browser
	 * does when a stream ends.
	 * @return the new stream
	 */
	public EventSourceTestStream reconnect() {
		close();
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(this.requestHeaders);
		String lastEventId = lastEventId();
		if (lastEventId != null) {
			headers.set("Last-Event-ID", lastEventId);
		}
		return new EventSourceTestStream(this.httpClient, this.uri, headers, this.awaitTimeout, this.dataReader);
	}

	/**
	 * Close the stream: what arrives from now on, already in flight, is not collected, so
	 * that {@link #lastEventId()} and {@link #reconnect()} start from the last event
	 * collected before.
	 */
	@Override
	public void close() {
		update(() -> this.closed = true);
		this.eventSource.close();
	}

	@Override
	public String toString() {
		return "EventSourceTestStream " + this.uri + ": " + locked(this::describe);
	}

	private void read() {
		try {
			while (true) {
				received(this.eventSource.readAnyEvent());
			}
		}
		catch (StreamClosedByServerException | StreamClosedByCallerException ex) {
			update(() -> this.ended = true);
		}
		catch (StreamException ex) {
			update(() -> {
				this.failure = ex;
				this.ended = true;
			});
		}
	}

	private void received(StreamEvent event) {
		update(() -> {
			if (this.closed) {
				return;
			}
			if (event instanceof MessageEvent message) {
				this.events.add(new ReceivedEvent(message.getEventName(), message.getData(),
						message.getLastEventId(), this.dataReader));
			}
			else if (event instanceof CommentEvent comment) {
				this.comments.add(comment.getText());
			}
			else if (event instanceof StartedEvent) {
				this.open = true;
			}
			else if (event instanceof FaultEvent fault) {
				this.failure = fault.getCause();
				this.ended = true;
			}
		});
	}

	private Response responded(Response response) {
		HttpHeaders headers = new HttpHeaders();
		Headers received = response.headers();
		received.names().forEach((name) -> headers.addAll(name, received.values(name)));
		String refusalBody = "";
		if (!response.isSuccessful()) {
			try {
				refusalBody = response.peekBody(MAX_BODY_BYTES).string();
			}
			catch (IOException ex) {
				refusalBody = "(body unreadable: " + ex + ")";
			}
		}
		String body = refusalBody;
		update(() -> {
			this.status = response.code();
			this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
			this.body = body;
		});
		return response;
	}

	private <T> T afterResponse(Supplier<T> read) {
		return locked(() -> {
			await(this.awaitTimeout, () -> this.status != null || this.ended, () -> "a response");
			return read.get();
		});
	}

	/**
	 * Wait, holding the lock, until the condition holds.
	 */
	private void await(Duration timeout, BooleanSupplier condition, Supplier<String> expected) {
		long nanos = timeout.toNanos();
		try {
			while (!condition.getAsBoolean()) {
				if (nanos <= 0) {
					throw new AssertionError("Expected " + expected.get() + " within " + timeout + ", but " + describe());
				}
				nanos = this.changed.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for " + expected.get(), ex);
		}
	}

	private String describe() {
		String state = (this.status == null) ? "no response yet"
				: "status " + this.status + (this.body.isEmpty() ? "" : " '" + this.body + "'");
		if (this.ended) {
			state += (this.failure != null) ? ", ended with " + this.failure : ", ended";
		}
		return state + "; received events " + this.events + " and comments " + this.comments;
	}

	private void update(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> T locked(Supplier<T> read) {
		this.lock.lock();
		try {
			return read.get();
		}
		finally {
			this.lock.unlock();
		}
	}

}
