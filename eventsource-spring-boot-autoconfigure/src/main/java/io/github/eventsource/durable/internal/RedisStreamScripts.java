package io.github.eventsource.durable.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * The durable streams' Lua scripts in Redis and their calls: each call is one atomic step
 * of one round trip, under the cluster mode's key prefix (see {@code streams.lua} for the
 * keys; a name's length delimits it, so no name reaches another's keys). A refusal of the
 * protocol comes back as a status and is thrown as a {@link DurableStreamException}.
 * <p>
 * Thread-safe. Every call waits at most the cluster connection's command timeout and
 * throws a {@link org.springframework.dao.DataAccessException} when Redis does not answer.
 */
public final class RedisStreamScripts {

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> CREATE = script("streams-create.lua");

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USE = script("streams-use.lua");

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> READ = script("streams-read.lua");

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> APPEND = script("streams-append.lua");

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> DELETE = script("streams-delete.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> VERSIONS = script("streams-versions.lua");

	private final RedisTemplate<byte[], byte[]> redis;

	private final String keyPrefix;

	private final byte[] maxIdleMillis;

	/**
	 * Create the scripts' calls.
	 * @param redis the cluster mode's connections, for raw bytes
	 * @param keyPrefix the cluster mode's key prefix (with a hash tag on Redis Cluster)
	 * @param maxIdle how long a stream lives in Redis after its last use at most
	 */
	public RedisStreamScripts(RedisTemplate<byte[], byte[]> redis, String keyPrefix, Duration maxIdle) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.maxIdleMillis = bytes(Long.toString(Math.max(1, maxIdle.toMillis())));
	}

	/**
	 * Return the channel on which every change of a stream is announced, with its name.
	 * @return the channel
	 */
	public String channel() {
		return this.keyPrefix + "durable:changed";
	}

	/**
	 * Run a script for a stream.
	 * @param script the script
	 * @param name the stream's name
	 * @param args the script's own arguments: {@code byte[]}, {@link String} or a number
	 * @return what the script returned after its status
	 * @throws DurableStreamException if the script refused the operation
	 */
	List<Object> run(@SuppressWarnings("rawtypes") RedisScript<List> script, String name, List<?> args) {
		List<?> result = execute(script, name, args);
		long status = number(result.get(0));
		if (status != 0) {
			throw refusal((int) status, result);
		}
		return new ArrayList<>(result.subList(1, result.size()));
	}

	/**
	 * Return the version of each stream, which changes with every append, close and
	 * delete.
	 * @param names the streams' names
	 * @return per stream, its version, or {@code ""} if it is gone
	 */
	List<String> versions(List<String> names) {
		List<?> result = execute(VERSIONS, names.get(0), names);
		return result.stream().map(RedisStreamScripts::text).toList();
	}

	private List<?> execute(@SuppressWarnings("rawtypes") RedisScript<List> script, String name, List<?> args) {
		List<byte[]> argv = new ArrayList<>(args.size() + 2);
		argv.add(bytes(this.keyPrefix));
		argv.add(this.maxIdleMillis);
		for (Object arg : args) {
			argv.add((arg instanceof byte[] data) ? data : bytes(String.valueOf(arg)));
		}
		// the key routes the call to the slot of every key of the prefix (its hash tag)
		List<?> result = this.redis.execute(script, List.of(bytes(key(name))), argv.toArray());
		if (result == null || result.isEmpty()) {
			throw new IllegalStateException("A durable streams script returned " + result);
		}
		return result;
	}

	private String key(String name) {
		return this.keyPrefix + "durable:" + bytes(name).length + ":" + name + ":meta";
	}

	private static DurableStreamException refusal(int status, List<?> result) {
		String message = text(result.get(1));
		String kind = (result.size() > 2) ? text(result.get(2)) : "";
		return switch (kind) {
			case "gap" -> Producers.gap(number(result.get(3)), number(result.get(4)));
			case "epoch" -> Producers.staleEpoch(number(result.get(3)));
			case "closed" -> StoredStream.closed(number(result.get(3)));
			default -> new DurableStreamException(status, message);
		};
	}

	static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return Long.parseLong(text(value));
	}

	static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(source("streams.lua") + "\n" + source(name), List.class);
	}

	private static String source(String name) {
		try {
			return StreamUtils.copyToString(new ClassPathResource(name, RedisStreamScripts.class).getInputStream(),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
