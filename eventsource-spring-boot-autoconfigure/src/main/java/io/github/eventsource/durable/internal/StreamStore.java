package io.github.eventsource.durable.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventsource.durable.DurableStreamException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * The durable streams of this instance, by name, in memory: bounded in number, in bytes
 * per stream and in bytes altogether; a stream past its time to live is gone (removed
 * when next asked for, or when room is needed). Thread-safe.
 */
public final class StreamStore {

	private static final Log logger = LogFactory.getLog(StreamStore.class);

	private final Map<String, StreamLog> logs = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Settings settings;

	private final ByteBudget budget;

	private final Clock clock;

	/**
	 * Create an empty store.
	 * @param settings its bounds
	 * @param clock the clock of times to live
	 */
	public StreamStore(Settings settings, Clock clock) {
		this.settings = settings;
		this.budget = new ByteBudget(settings.maxTotalBytes());
		this.clock = clock;
	}

	/**
	 * Return the store's bounds.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	/**
	 * Create a stream with its initial content, or find the one that exists with the
	 * same configuration.
	 * @param name the stream's name
	 * @param config its configuration
	 * @param initial its initial units
	 * @param close whether it is created closed
	 * @return the stream, and whether it was created
	 * @throws DurableStreamException with {@code 409} if it exists with another
	 * configuration, {@code 429} if the store holds as many streams as it may,
	 * {@code 413} if the content exceeds a bound
	 */
	Created create(String name, StreamConfig config, List<byte[]> initial, boolean close) {
		StreamLog existing = get(name);
		if (existing != null) {
			return existing(existing, config);
		}
		if (this.logs.size() >= this.settings.maxStreams()) {
			removeExpired();
			if (this.logs.size() >= this.settings.maxStreams()) {
				throw new DurableStreamException(429, "The server holds as many streams as it may");
			}
		}
		StreamLog log = new StreamLog(name, this.ids.incrementAndGet(), config,
				new StreamLog.Bounds(this.settings.maxStreamBytes(), this.budget), this.clock.millis());
		StreamLog raced = this.logs.putIfAbsent(name, log);
		if (raced != null) {
			return existing(raced, config);
		}
		if (!initial.isEmpty() || close) {
			try {
				log.append(initial, close, null, null);
			}
			catch (DurableStreamException ex) {
				this.logs.remove(name, log);
				log.delete();
				throw ex;
			}
		}
		logger.debug(LogMessage.format("Created durable stream '%s' (%s)", name, config.contentType()));
		return new Created(log, true);
	}

	private Created existing(StreamLog log, StreamConfig config) {
		if (!log.config().sameAs(config)) {
			throw new DurableStreamException(409, "The stream exists with another configuration");
		}
		return new Created(log, false);
	}

	/**
	 * Return a stream, unless it expired.
	 * @param name the stream's name
	 * @return the stream, or {@code null}
	 */
	@Nullable StreamLog get(String name) {
		StreamLog log = this.logs.get(name);
		if (log != null && log.expiresAtMillis() <= this.clock.millis()) {
			remove(log);
			return null;
		}
		return log;
	}

	/**
	 * Return a stream, renewing its time to live.
	 * @param name the stream's name
	 * @return the stream
	 * @throws DurableStreamException with {@code 404} if there is none
	 */
	StreamLog use(String name) {
		StreamLog log = get(name);
		if (log == null) {
			throw new DurableStreamException(404, "No such stream");
		}
		log.touch(this.clock.millis());
		return log;
	}

	/**
	 * Delete a stream.
	 * @param name the stream's name
	 * @return whether there was one
	 */
	boolean delete(String name) {
		StreamLog log = get(name);
		if (log == null) {
			return false;
		}
		remove(log);
		logger.debug(LogMessage.format("Deleted durable stream '%s'", name));
		return true;
	}

	private void remove(StreamLog log) {
		if (this.logs.remove(log.name(), log)) {
			log.delete();
		}
	}

	private void removeExpired() {
		long now = this.clock.millis();
		for (StreamLog log : this.logs.values()) {
			if (log.expiresAtMillis() <= now) {
				remove(log);
			}
		}
	}

	/**
	 * Return the number of streams, expired ones not yet removed included.
	 * @return the number
	 */
	public int size() {
		return this.logs.size();
	}

	/**
	 * Return the bytes every stream holds.
	 * @return the bytes
	 */
	public long bytes() {
		return this.budget.used();
	}

	/**
	 * End every live read: the server shuts down.
	 */
	public void shutDown() {
		for (StreamLog log : this.logs.values()) {
			log.shutDown();
		}
	}

	/**
	 * A stream that a create found or made.
	 *
	 * @param log the stream
	 * @param created whether this create made it
	 */
	record Created(StreamLog log, boolean created) {
	}

	/**
	 * The bounds of the store and of its reads.
	 *
	 * @param maxStreams the most streams
	 * @param maxTotalBytes the most bytes of all streams
	 * @param maxStreamBytes the most bytes of one stream
	 * @param maxReadBytes the most bytes one catch-up read returns
	 */
	public record Settings(int maxStreams, long maxTotalBytes, long maxStreamBytes, long maxReadBytes) {
	}

}
