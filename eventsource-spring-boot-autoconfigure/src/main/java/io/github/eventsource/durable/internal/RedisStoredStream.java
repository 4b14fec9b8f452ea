package io.github.eventsource.durable.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;
import io.github.eventsource.durable.internal.Producers.Producer;
import org.jspecify.annotations.Nullable;

/**
 * One durable stream in Redis, as a {@link RedisStreamStore} found or made it: its name,
 * the id of this incarnation of it (a stream deleted and created again under the same
 * name is another) and its configuration. Every read and append is one script call;
 * followers are told by the {@link RedisStreamWatcher} of this instance.
 * <p>
 * Thread-safe: it holds no state of the stream.
 */
final class RedisStoredStream implements StoredStream {

	private final RedisStreamScripts scripts;

	private final RedisStreamWatcher watcher;

	private final StreamStorage.Settings settings;

	private final String name;

	private final long id;

	private final StreamConfig config;

	private RedisStoredStream(RedisStreamScripts scripts, RedisStreamWatcher watcher, StreamStorage.Settings settings,
			String name, long id, StreamConfig config) {
		this.scripts = scripts;
		this.watcher = watcher;
		this.settings = settings;
		this.name = name;
		this.id = id;
		this.config = config;
	}

	/**
	 * Make the handle of a stream a script described (see {@code describe} in
	 * {@code streams.lua}): {@code created, id, content type, ttl, expiry, tail, closed,
	 * soft-deleted}.
	 */
	static RedisStoredStream of(RedisStreamScripts scripts, RedisStreamWatcher watcher,
			StreamStorage.Settings settings, String name, List<Object> described) {
		String ttl = RedisStreamScripts.text(described.get(3));
		String expiresAt = RedisStreamScripts.text(described.get(4));
		StreamConfig config = new StreamConfig(RedisStreamScripts.text(described.get(2)),
				ttl.isEmpty() ? null : Long.valueOf(ttl), expiresAt.isEmpty() ? null : Instant.parse(expiresAt));
		return new RedisStoredStream(scripts, watcher, settings, name, RedisStreamScripts.number(described.get(1)),
				config);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public StreamConfig config() {
		return this.config;
	}

	@Override
	public Metadata metadata() {
		List<Object> described = this.scripts.run(RedisStreamScripts.USE, this.name, List.of(this.name, "0"));
		if (RedisStreamScripts.number(described.get(1)) != this.id) {
			throw new DurableStreamException(404, "No such stream");
		}
		if (RedisStreamScripts.number(described.get(7)) == 1) {
			throw StoredStream.gone();
		}
		return new Metadata(RedisStreamScripts.number(described.get(5)),
				RedisStreamScripts.number(described.get(6)) == 1);
	}

	@Override
	public Slice read(long from, long maxBytes) {
		List<Object> read = this.scripts.run(RedisStreamScripts.READ, this.name,
				List.of(this.name, this.id, from, maxBytes, this.config.json() ? "1" : "0"));
		List<byte[]> parts = new ArrayList<>(read.size() - 4);
		for (int i = 4; i < read.size(); i++) {
			parts.add((byte[]) read.get(i));
		}
		return new Slice(this.config, this.id, RedisStreamScripts.number(read.get(0)), parts,
				RedisStreamScripts.number(read.get(1)), RedisStreamScripts.number(read.get(2)) == 1,
				RedisStreamScripts.number(read.get(3)) == 1);
	}

	@Override
	public Appended append(List<byte[]> units, boolean close, @Nullable String seq, @Nullable Producer producer) {
		List<Object> args = new ArrayList<>(units.size() + 10);
		args.add(this.settings.maxStreamBytes());
		args.add(this.settings.maxTotalBytes());
		args.add(this.name);
		args.add(this.id);
		args.add(close ? "1" : "0");
		args.add((seq != null) ? "1" : "0");
		args.add((seq != null) ? seq : "");
		args.add((producer != null) ? producer.id() : "");
		args.add((producer != null) ? producer.epoch() : 0);
		args.add((producer != null) ? producer.seq() : 0);
		args.addAll(units);
		List<Object> appended = this.scripts.run(RedisStreamScripts.APPEND, this.name, args);
		return new Appended(RedisStreamScripts.number(appended.get(0)), RedisStreamScripts.number(appended.get(1)) == 1,
				RedisStreamScripts.number(appended.get(2)) == 1, RedisStreamScripts.number(appended.get(3)));
	}

	@Override
	public void follow(Follower follower) {
		this.watcher.follow(this.name, follower);
	}

	@Override
	public void unfollow(Follower follower) {
		this.watcher.unfollow(this.name, follower);
	}

}
