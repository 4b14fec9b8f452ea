package io.github.eventsource.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;


import org.springframework.http.HttpHeaders;

/**
 * One read of a durable stream opened by the {@link EventSourceTestClient}: it catches
 * up from its offset and then follows the stream live, in the protocol's SSE mode
 * ({@code live=sse}), and collects the items, the next offset and whether it is up to
 * date and the stream closed.
 * <p>
 * {@link #awaitItem()} and {@link #awaitItems(int)} hand out the received items in
 * order, each once; {@link #items()} returns all of them. A failed await throws an
 * {@link AssertionError} that says what arrived instead; the awaits without a timeout
 * argument wait for the client's {@link EventSourceTestClient#getAwaitTimeout() await
 * timeout}. It never reconnects by itself, not even when the server ends the response
 * after its {@code sse-max-duration}: {@link #reconnect()} resumes from
 * {@link #nextOffset()}. Reading happens on one daemon thread; every method is
 * thread-safe. Closing ends the read.
 *
 * @since 0.1.0
 */
public final class EventSourceTestDurableStream implements AutoCloseable {

	private final EventSourceTestStream events;

	private final DurableStreamFrames frames;

	private final Duration awaitTimeout;

	private final Reconnect reconnect;

	private int handedOut;

	EventSourceTestDurableStream(EventSourceTestStream events, DurableStreamFrames frames, Duration awaitTimeout,
			Reconnect reconnect) {
		this.events = events;
		this.frames = frames;
		this.awaitTimeout = awaitTimeout;
		this.reconnect = reconnect;
	}

	/**
	 * Await the next item not handed out yet.
	 * @return the item
	 * @throws AssertionError if none arrives within the await timeout
	 */
	public DurableStreamItem awaitItem() {
		return awaitItem(this.awaitTimeout);
	}

	/**
	 * Await the next item not handed out yet.
	 * @param timeout how long to wait
	 * @return the item
	 * @throws AssertionError if none arrives in time
	 */
	public DurableStreamItem awaitItem(Duration timeout) {
		return awaitItems(1, timeout).get(0);
	}

	/**
	 * Await the next items not handed out yet.
	 * @param count how many items
	 * @return the items, in order
	 * @throws AssertionError if fewer arrive within the await timeout
	 */
	public List<DurableStreamItem> awaitItems(int count) {
		return awaitItems(count, this.awaitTimeout);
	}

	/**
	 * Await the next items not handed out yet.
	 * @param count how many items
	 * @param timeout how long to wait for all of them
	 * @return the items, in order
	 * @throws AssertionError if fewer arrive in time
	 */
	public List<DurableStreamItem> awaitItems(int count, Duration timeout) {
		return this.events.awaitReceived(timeout, (received) -> {
			List<DurableStreamItem> items = this.frames.read(received).items();
			if (items.size() - this.handedOut < count) {
				return null;
			}
			List<DurableStreamItem> next = List.copyOf(items.subList(this.handedOut, this.handedOut + count));
			this.handedOut += count;
			return next;
		}, () -> count + " more item(s) after the " + this.handedOut + " already taken");
	}

	/**
	 * Await a control event that says the read is up to date, with no data event after
	 * it: the read holds what the stream held when that event was sent.
	 * @return this read
	 * @throws AssertionError if the read is not up to date within the await timeout
	 */
	public EventSourceTestDurableStream awaitUpToDate() {
		return this.events.awaitReceived(this.awaitTimeout,
				(received) -> this.frames.read(received).upToDate() ? this : null, () -> "the read to be up to date");
	}

	/**
	 * Await the end of the stream: a control event that says it is closed and this read
	 * reached its end; return the items not handed out yet.
	 * @return the items not handed out yet, in order
	 * @throws AssertionError if the stream is not closed within the await timeout
	 */
	public List<DurableStreamItem> awaitClosed() {
		return this.events.awaitReceived(this.awaitTimeout, (received) -> {
			List<DurableStreamItem> items = this.frames.read(received).items();
			if (!this.frames.closed()) {
				return null;
			}
			List<DurableStreamItem> rest = List.copyOf(items.subList(this.handedOut, items.size()));
			this.handedOut = items.size();
			return rest;
		}, () -> "the stream to be closed");
	}

	/**
	 * Return every item received so far, including those handed out.
	 * @return a snapshot of the items, in order
	 */
	public List<DurableStreamItem> items() {
		return read((frames) -> List.copyOf(frames.items()));
	}

	/**
	 * Return the bytes of every item received so far as UTF-8 text: the text of a text
	 * stream read so far, however its appends were split into items.
	 * @return the text
	 */
	public String text() {
		return read((frames) -> {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			frames.items().forEach((item) -> bytes.writeBytes(item.bytes()));
			return bytes.toString(StandardCharsets.UTF_8);
		});
	}

	/**
	 * Return the offset to read on from: that of the last control event received.
	 * @return the next offset, or the offset this read started from if none arrived yet
	 */
	public String nextOffset() {
		return read(DurableStreamFrames::nextOffset);
	}

	/**
	 * Return whether the last control event received said the read is up to date and
	 * no data event came after it.
	 * @return whether the read is up to date
	 */
	public boolean isUpToDate() {
		return read(DurableStreamFrames::upToDate);
	}

	/**
	 * Return whether a control event said the stream is closed and read to its end.
	 * @return whether the stream is closed
	 */
	public boolean isClosed() {
		return read(DurableStreamFrames::closed);
	}

	/**
	 * Await the response and return its HTTP status, such as {@code 404} for a stream
	 * that does not exist.
	 * @return the status code
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public int status() {
		return this.events.status();
	}

	/**
	 * Await the response and return its headers.
	 * @return the response headers, read-only
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public HttpHeaders headers() {
		return this.events.headers();
	}

	/**
	 * Await the response and return the body of a refused read (status other than 2xx).
	 * @return the body of a refused read, empty for one that opened
	 * @throws AssertionError if no response arrives within the await timeout
	 */
	public String body() {
		return this.events.body();
	}

	/**
	 * Close this read if it is still open, and open a new one of the same stream with the
	 * same headers from {@link #nextOffset()}, as the protocol's clients do when the
	 * server ends an SSE response.
	 * @return the new read
	 */
	public EventSourceTestDurableStream reconnect() {
		close();
		return this.reconnect.from(nextOffset());
	}

	/**
	 * Close the read.
	 */
	@Override
	public void close() {
		this.events.close();
	}

	@Override
	public String toString() {
		return "EventSourceTestDurableStream from " + nextOffset() + ": " + this.events;
	}

	private <T> T read(Function<DurableStreamFrames, T> read) {
		return this.events.readReceived((received) -> read.apply(this.frames.read(received)));
	}

	/**
	 * Opens a new read of the same stream.
	 */
	@FunctionalInterface
	interface Reconnect {

		/**
		 * Open a new read of the same stream.
		 * @param offset the offset to read from
		 * @return the new read
		 */
		EventSourceTestDurableStream from(String offset);

	}

}
