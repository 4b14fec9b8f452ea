package io.github.eventsource.durable.internal;

import java.time.Instant;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;
import org.jspecify.annotations.Nullable;

/**
 * Where the durable streams are kept, by name: the seam between the protocol (its
 * controller, the Java API, the live readers) and the storage, in this instance's memory
 * ({@link StreamStore}) or in Redis for the cluster ({@link RedisStreamStore}). Bounded
 * in number of streams, bytes per stream and bytes altogether; a stream past its time to
 * live is gone.
 * <p>
 * Implementations are thread-safe.
 */
public interface StreamStorage {

	/**
	 * Return the storage's bounds.
	 * @return the settings
	 */
	Settings settings();

	/**
	 * Create a stream with its initial content, or find the one that exists with the
	 * same configuration.
	 * @param name the stream's name
	 * @param config its configuration
	 * @param initial its initial units
	 * @param close whether it is created closed
	 * @return the stream, and whether it was created
	 * @throws DurableStreamException with {@code 409} if it exists with another
	 * configuration, {@code 429} if the storage holds as many streams as it may,
	 * {@code 413} if the content exceeds a bound
	 */
	Created create(String name, StreamConfig config, List<byte[]> initial, boolean close);

	/**
	 * Create a fork of a stream, or find the one that exists with the same
	 * configuration: it starts with the source's units up to the offset, then the
	 * initial ones; it takes the source's content type and expiry unless the request
	 * sets its own.
	 * @param name the fork's name
	 * @param request the fork's configuration as requested
	 * @param sourceName the source's name
	 * @param offset the offset to fork at, or {@code null} for the source's tail
	 * @param subOffset how much of the append at the offset to take
	 * @param initial the fork's own initial units
	 * @param close whether the fork is created closed
	 * @return the fork, and whether it was created
	 * @throws DurableStreamException with {@code 404} if there is no source,
	 * {@code 409} if it is soft-deleted or its content type differs, {@code 400} for an
	 * offset past its end
	 */
	Created fork(String name, RequestedConfig request, String sourceName, @Nullable Long offset, long subOffset,
			List<byte[]> initial, boolean close);

	/**
	 * Return a stream, unless it expired; a soft-deleted one too.
	 * @param name the stream's name
	 * @return the stream, or {@code null}
	 */
	@Nullable StoredStream get(String name);

	/**
	 * Return a stream, renewing its time to live.
	 * @param name the stream's name
	 * @return the stream
	 * @throws DurableStreamException with {@code 404} if there is none, {@code 410} if
	 * it is soft-deleted
	 */
	StoredStream use(String name);

	/**
	 * Delete a stream; one that forks refer to is soft-deleted until they are gone.
	 * @param name the stream's name
	 * @return whether there was one
	 * @throws DurableStreamException with {@code 410} if it is soft-deleted already
	 */
	boolean delete(String name);

	/**
	 * End every live read of this instance: the server shuts down.
	 */
	void shutDown();

	/**
	 * The configuration a fork asks for; what it leaves out it takes from its source.
	 *
	 * @param contentType the content type, or {@code null}
	 * @param ttlSeconds the time to live, or {@code null}
	 * @param expiresAt the absolute expiry, or {@code null}
	 */
	record RequestedConfig(@Nullable String contentType, @Nullable Long ttlSeconds, @Nullable Instant expiresAt) {
	}

	/**
	 * A stream that a create found or made.
	 *
	 * @param stream the stream
	 * @param created whether this create made it
	 */
	record Created(StoredStream stream, boolean created) {
	}

	/**
	 * The bounds of the storage and of its reads; the defaults are those of the
	 * {@code eventsource.durable-streams.*} properties.
	 */
	public static final class Settings {

		/**
		 * The most streams.
		 */
		private int maxStreams = 10_000;

		/**
		 * The most bytes of all streams.
		 */
		private long maxTotalBytes = 256 * 1024 * 1024;

		/**
		 * The most bytes of one stream.
		 */
		private long maxStreamBytes = 64 * 1024 * 1024;

		/**
		 * The most bytes one catch-up read returns.
		 */
		private long maxReadBytes = 1024 * 1024;

		public int maxStreams() {
			return this.maxStreams;
		}

		public void setMaxStreams(int maxStreams) {
			this.maxStreams = maxStreams;
		}

		public long maxTotalBytes() {
			return this.maxTotalBytes;
		}

		public void setMaxTotalBytes(long maxTotalBytes) {
			this.maxTotalBytes = maxTotalBytes;
		}

		public long maxStreamBytes() {
			return this.maxStreamBytes;
		}

		public void setMaxStreamBytes(long maxStreamBytes) {
			this.maxStreamBytes = maxStreamBytes;
		}

		public long maxReadBytes() {
			return this.maxReadBytes;
		}

		public void setMaxReadBytes(long maxReadBytes) {
			this.maxReadBytes = maxReadBytes;
		}

	}

}
