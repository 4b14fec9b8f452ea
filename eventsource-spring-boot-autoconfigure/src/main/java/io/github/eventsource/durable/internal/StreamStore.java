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
 * The durable streams of this instance, by name, in memory (the storage without cluster
 * mode): bounded in number, in bytes
 * per stream and in bytes altogether; a stream past its time to live is gone (removed
 * when next asked for, or when room is needed). Thread-safe.
 */
public final class StreamStore implements StreamStorage {

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

	@Override
	public Settings settings() {
		return this.settings;
	}

	@Override
	public Created create(String name, StreamConfig config, List<byte[]> initial, boolean close) {
		return create(name, config, null, initial, close);
	}

	@Override
	public Created fork(String name, RequestedConfig request, String sourceName, @Nullable Long offset, long subOffset,
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

	@Override
	public @Nullable StreamLog get(String name) {
		StreamLog log = this.logs.get(name);
		if (log != null && log.expiresAtMillis() <= this.clock.millis()) {
			remove(log);
			return null;
		}
		return log;
	}

	@Override
	public StreamLog use(String name) {
		StreamLog log = get(name);
		if (log == null) {
			throw new DurableStreamException(404, "No such stream");
		}
		if (log.isSoftDeleted()) {
			throw StoredStream.gone();
		}
		log.touch(this.clock.millis());
		return log;
	}

	@Override
	public boolean delete(String name) {
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

	@Override
	public void shutDown() {
		for (StreamLog log : this.logs.values()) {
			log.shutDown();
		}
	}

}
