package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * A connection of a test of its own to the test's Redis, for the commands that observe
 * Redis or hurt the instances' connections.
 */
final class RedisCommandsConnection implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	RedisCommandsConnection(String url) {
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(Duration.ofSeconds(30));
		this.client = RedisClient.create(uri);
		this.connection = this.client.connect();
	}

	RedisCommands<String, String> sync() {
		return this.connection.sync();
	}

	/**
	 * Close the connections of the instances that read the delivery log (blocked in
	 * {@code XREAD}) and every pub/sub connection.
	 * @return the number of connections closed
	 */
	long killReadersAndSubscribers() {
		long killed = sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
		for (String line : sync().clientList().split("\n")) {
			if (line.contains(" cmd=xread")) {
				String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
				killed += sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
			}
		}
		return killed;
	}

	/**
	 * Return the bytes Redis uses for its data.
	 * @return {@code used_memory}
	 */
	long usedMemory() {
		for (String line : sync().info("memory").split("\r?\n")) {
			if (line.startsWith("used_memory:")) {
				return Long.parseLong(line.substring("used_memory:".length()).trim());
			}
		}
		throw new IllegalStateException("No used_memory in INFO memory");
	}

	/**
	 * Make a Redis sleep ({@code DEBUG SLEEP}), on a connection of its own.
	 * @param url the Redis URL: a Redis of the test, started with the debug command
	 * @param seconds how long
	 * @return the answer, once Redis woke up
	 */
	static CompletableFuture<String> debugSleep(String url, int seconds) {
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(Duration.ofSeconds(seconds + 10));
		RedisClient client = RedisClient.create(uri);
		StatefulRedisConnection<String, String> connection = client.connect();
		return connection.async()
			.dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(seconds))
			.toCompletableFuture()
			.whenComplete((result, failure) -> {
				connection.close();
				client.shutdownAsync();
			});
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
	}

}
