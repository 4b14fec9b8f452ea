package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

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

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
	}

}
