package io.github.eventsource.durable.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.eventsource.durable.DurableStreamException;
import io.github.eventsource.durable.internal.Producers.Producer;
import org.jspecify.annotations.Nullable;

/**
 * One durable stream as the protocol's controller and readers use it, wherever it is
 * kept: in this instance's memory ({@link StreamLog}) or in Redis
 * ({@link RedisStoredStream}). Its configuration is fixed when it is created; its tail,
 * state and bytes are read from the storage on every call.
 * <p>
 * Implementations are thread-safe; a call may wait for the storage, within its bound.
 */
interface StoredStream {

	/**
	 * Return the stream's name.
	 * @return the name
	 */
	String name();

	/**
	 * Return the configuration the stream was created with.
	 * @return the configuration
	 */
	StreamConfig config();

	/**
	 * Return the stream's tail and whether it is closed.
	 * @return the metadata
	 * @throws DurableStreamException with {@code 410} if it is soft-deleted
	 */
	Metadata metadata();

	/**
	 * Read from a position, up to a number of bytes (at least one unit).
	 * @param from the position, or {@link Offsets#NOW} for the tail
	 * @param maxBytes how many bytes to return at most, a unit too large aside
	 * @return what was read
	 * @throws DurableStreamException with {@code 404} if the stream was deleted,
	 * {@code 410} if it is soft-deleted, {@code 400} if the position is past the tail
	 */
	Slice read(long from, long maxBytes);

	/**
	 * Append units, and close the stream if asked, as the protocol checks it.
	 * @param units the units, possibly none for a close
	 * @param close whether to close the stream after them
	 * @param seq the {@code Stream-Seq} of the append, or {@code null}
	 * @param producer the producer of the append, or {@code null}
	 * @return what happened
	 * @throws DurableStreamException if the protocol refuses the append
	 */
	Appended append(List<byte[]> units, boolean close, @Nullable String seq, @Nullable Producer producer);

	/**
	 * Follow the stream: the follower is told after every change, until it
	 * {@link #unfollow(Follower) leaves}.
	 * @param follower the follower
	 */
	void follow(Follower follower);

	/**
	 * Stop following the stream.
	 * @param follower the follower
	 */
	void unfollow(Follower follower);

	/**
	 * Return the refusal of a soft-deleted stream.
	 * @return the exception, with {@code 410}
	 */
	static DurableStreamException gone() {
		return new DurableStreamException(410, "The stream was deleted; forks of it remain");
	}

	/**
	 * Return the refusal of an append to a closed stream.
	 * @param tail the stream's tail
	 * @return the exception, with {@code 409} and the headers of the protocol
	 */
	static DurableStreamException closed(long tail) {
		return new DurableStreamException(409, "Stream is closed",
				Map.of(StreamHeaders.CLOSED, "true", StreamHeaders.NEXT_OFFSET, Offsets.format(tail)));
	}

	/**
	 * Headers of the protocol that a response to a producer's append carries.
	 * @param producer the producer
	 * @param appended what happened
	 * @return the headers
	 */
	static Map<String, String> producerHeaders(Producer producer, Appended appended) {
		Map<String, String> headers = new HashMap<>();
		headers.put("Producer-Epoch", Long.toString(producer.epoch()));
		headers.put("Producer-Seq", Long.toString(appended.producerSeq()));
		return headers;
	}

	/**
	 * A reader told about changes of the streams it follows; called on the thread that
	 * changed the stream (in memory) or on a thread of the storage's watcher (Redis),
	 * outside any lock: it must not block longer than one read of the storage.
	 */
	interface Follower {

		/**
		 * The stream changed: appended, closed or deleted.
		 */
		void advanced();

		/**
		 * The server shuts down: end the read.
		 */
		void shutDown();

	}

	/**
	 * The result of an append.
	 *
	 * @param tail the stream's tail after it
	 * @param duplicate whether it was a producer's duplicate, and nothing changed
	 * @param closed whether the stream is closed after it
	 * @param producerSeq the producer's last accepted sequence, or -1
	 */
	record Appended(long tail, boolean duplicate, boolean closed, long producerSeq) {
	}

	/**
	 * A stream's tail and state.
	 *
	 * @param tail the tail position
	 * @param closed whether the stream is closed
	 */
	record Metadata(long tail, boolean closed) {
	}

}
