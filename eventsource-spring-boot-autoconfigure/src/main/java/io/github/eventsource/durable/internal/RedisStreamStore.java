package io.github.eventsource.durable.internal;

import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * The durable streams of the cluster, in Redis: every instance serves every stream,
 * created, appended, read and deleted by atomic scripts ({@link RedisStreamScripts}),
 * bounded there as in memory (number of streams, bytes per stream and altogether, time to
 * live) and, in Redis, also by the longest time a stream lives unused: every key expires.
 * Live readers of this instance are told of changes by its {@link RedisStreamWatcher}.
 * <p>
 * Thread-safe; holds no lock: each call is one or two round trips to Redis, bounded by
 * the cluster connection's timeout.
 */
public final class RedisStreamStore implements StreamStorage {

	private static final Log logger = LogFactory.getLog(RedisStreamStore.class);

	private final RedisStreamScripts scripts;

	private final RedisStreamWatcher watcher;

	private final Settings settings;

	/**
	 * Create the storage.
	 * @param scripts the calls to Redis
	 * @param watcher tells this instance's readers of changes
	 * @param settings the bounds
	 */
	public RedisStreamStore(RedisStreamScripts scripts, RedisStreamWatcher watcher, Settings settings) {
		this.scripts = scripts;
		this.watcher = watcher;
		this.settings = settings;
	}

	@Override
	public Settings settings() {
		return this.settings;
	}

	@Override
	public Created create(String name, StreamConfig config, List<byte[]> initial, boolean close) {
		return create(name, config.contentType(), config, "", null, 0, initial, close);
	}

	@Override
	public Created fork(String name, RequestedConfig request, String sourceName, @Nullable Long offset,
			long subOffset, List<byte[]> initial, boolean close) {
		StreamConfig config = new StreamConfig("", request.ttlSeconds(), request.expiresAt());
		return create(name, (request.contentType() != null) ? request.contentType() : "", config, sourceName, offset,
				subOffset, initial, close);
	}

	private Created create(String name, String contentType, StreamConfig config, String source,
			@Nullable Long offset, long subOffset, List<byte[]> initial, boolean close) {
		List<Object> args = new ArrayList<>(initial.size() + 12);
		args.add(this.settings.maxStreams());
		args.add(this.settings.maxTotalBytes());
		args.add(this.settings.maxStreamBytes());
		args.add(name);
		args.add(contentType);
		args.add((config.ttlSeconds() != null) ? config.ttlSeconds() : "");
		args.add((config.expiresAt() != null) ? config.expiresAt().toEpochMilli() : "");
		args.add((config.expiresAt() != null) ? config.expiresAt().toString() : "");
		args.add(close ? "1" : "0");
		args.add(source);
		args.add((offset != null) ? offset : "");
		args.add(subOffset);
		args.addAll(initial);
		List<Object> described = this.scripts.run(RedisStreamScripts.CREATE, name, args);
		boolean created = RedisStreamScripts.number(described.get(0)) == 1;
		if (created) {
			logger.debug(LogMessage.format("Created durable stream '%s' in Redis", name));
		}
		return new Created(handle(name, described), created);
	}

	@Override
	public @Nullable StoredStream get(String name) {
		try {
			return handle(name, this.scripts.run(RedisStreamScripts.USE, name, List.of(name, "0")));
		}
		catch (DurableStreamException ex) {
			if (ex.getStatus() == 404) {
				return null;
			}
			throw ex;
		}
	}

	@Override
	public StoredStream use(String name) {
		return handle(name, this.scripts.run(RedisStreamScripts.USE, name, List.of(name, "1")));
	}

	@Override
	public boolean delete(String name) {
		boolean deleted = RedisStreamScripts.number(this.scripts.run(RedisStreamScripts.DELETE, name, List.of(name))
			.get(0)) == 1;
		if (deleted) {
			logger.debug(LogMessage.format("Deleted durable stream '%s' in Redis", name));
		}
		return deleted;
	}

	@Override
	public void shutDown() {
		this.watcher.shutDown();
	}

	private RedisStoredStream handle(String name, List<Object> described) {
		return RedisStoredStream.of(this.scripts, this.watcher, this.settings, name, described);
	}

}
