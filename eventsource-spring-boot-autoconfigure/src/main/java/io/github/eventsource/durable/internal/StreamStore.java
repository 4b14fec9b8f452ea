package io.github.eventsource.durable.internal;

import java.time.Clock;
import java.time.Instant;
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
		return create(name, config, null, initial, close);
	}

	/**
	 * Create a fork of a stream, or find the one that exists with the same
	 * configuration: it starts with the source's units up to the offset, then the
	 * initial ones; it takes the source's content type and expiry unless the request
	 * sets its own.
	 * @param name the fork's name
	 * @param request the fork's configuration as requested: a {@code null} content type
	 * and no expiry take the source's
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
			List<byte[]> initial, boolean close) {
		StreamLog source = get(sourceName);
		if (source == null) {
			throw new DurableStreamException(404, "No such source stream");
		}
		if (source.isSoftDeleted()) {
			throw new DurableStreamException(409, "The source stream was deleted");
		}
		StreamConfig sourceConfig = source.config();
		if (request.contentType() != null && !sourceConfig.matches(request.contentType())) {
			throw new DurableStreamException(409, "Content-Type does not match the source's");
		}
		String contentType = (request.contentType() != null) ? request.contentType() : sourceConfig.contentType();
		boolean inherit = request.ttlSeconds() == null && request.expiresAt() == null;
		StreamConfig config = inherit ? new StreamConfig(contentType, sourceConfig.ttlSeconds(), sourceConfig.expiresAt())
				: new StreamConfig(contentType, request.ttlSeconds(), request.expiresAt());
		long at = (offset != null) ? offset : source.metadata().tail();
		StreamLog.Fork fork = new StreamLog.Fork(source, at, subOffset);
		return create(name, config, fork, initial, close);
	}

	private Created create(String name, StreamConfig config, StreamLog.@Nullable Fork fork, List<byte[]> initial,
			boolean close) {
		StreamLog existing = get(name);
		if (existing != null) {
			return existing(existing, config, fork);
		}
		StreamLog.Prefix prefix = (fork != null) ? fork.source().prefix(fork.offset(), fork.subOffset()) : null;
		if (this.logs.size() >= this.settings.maxStreams()) {
			removeExpired();
			if (this.logs.size() >= this.settings.maxStreams()) {
				throw new DurableStreamException(429, "The server holds as many streams as it may");
			}
		}
		StreamLog log = new StreamLog(name, this.ids.incrementAndGet(), config, fork,
				new StreamLog.Bounds(this.settings.maxStreamBytes(), this.budget), this.clock.millis());
		StreamLog raced = this.logs.putIfAbsent(name, log);
		if (raced != null) {
			return existing(raced, config, fork);
		}
		if (this.logs.size() > this.settings.maxStreams()) {
			// another create passed the check above at the same time: the bound holds
			this.logs.remove(name, log);
			throw new DurableStreamException(429, "The server holds as many streams as it may");
		}
		if (fork != null && !fork.source().addFork()) {
			this.logs.remove(name, log);
			throw new DurableStreamException(409, "The source stream was deleted");
		}
		try {
			if (prefix != null) {
				log.inherit(prefix);
			}
			if (!initial.isEmpty() || close) {
				log.append(initial, close, null, null);
			}
		}
		catch (DurableStreamException ex) {
			remove(log);
			throw ex;
		}
		logger.debug(LogMessage.format("Created durable stream '%s' (%s)", name, config.contentType()));
		return new Created(log, true);
	}

	private Created existing(StreamLog log, StreamConfig config, StreamLog.@Nullable Fork fork) {
		if (log.isSoftDeleted()) {
			throw new DurableStreamException(409, "The stream was deleted; forks of it remain");
		}
		boolean sameFork = (fork != null) ? fork.sameAs(log.fork()) : log.fork() == null;
		if (!log.config().sameAs(config) || !sameFork) {
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
		if (log.isSoftDeleted()) {
			throw StreamLog.gone();
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
		if (!log.softDelete()) {
			remove(log);
		}
		logger.debug(LogMessage.format("Deleted durable stream '%s'", name));
		return true;
	}

	/**
	 * Remove a stream, and then each source it held that was soft-deleted and has no
	 * fork left.
	 */
	private void remove(StreamLog log) {
		StreamLog removed = log;
		while (removed != null && this.logs.remove(removed.name(), removed)) {
			removed.delete();
			StreamLog.Fork fork = removed.fork();
			removed = (fork != null && fork.source().removeFork()) ? fork.source() : null;
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
	 * The configuration a fork asks for; what it leaves out it takes from its source.
	 *
	 * @param contentType the content type, or {@code null}
	 * @param ttlSeconds the time to live, or {@code null}
	 * @param expiresAt the absolute expiry, or {@code null}
	 */
	record RequestedConfig(@Nullable String contentType, @Nullable Long ttlSeconds,
			@Nullable Instant expiresAt) {
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
