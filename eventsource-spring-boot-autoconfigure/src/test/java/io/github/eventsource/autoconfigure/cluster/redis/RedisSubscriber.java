package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * A plain Lettuce subscriber to one Redis channel, to watch what the instances publish.
 */
final class RedisSubscriber implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisPubSubConnection<byte[], byte[]> connection;

	private RedisSubscriber(RedisClient client, StatefulRedisPubSubConnection<byte[], byte[]> connection) {
		this.client = client;
		this.connection = connection;
	}

	/**
	 * Subscribe to a channel; returns once the subscription is made.
	 * @param url the Redis URL
	 * @param channel the channel
	 * @param messages receives the body of every message, on a Lettuce thread
	 * @return the subscriber, to close
	 */
	static RedisSubscriber subscribe(String url, String channel, Consumer<byte[]> messages) {
		RedisClient client = RedisClient.create(url);
		StatefulRedisPubSubConnection<byte[], byte[]> connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] channel, byte[] message) {
				messages.accept(message);
			}

		});
		connection.sync().subscribe(channel.getBytes(StandardCharsets.UTF_8));
		return new RedisSubscriber(client, connection);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
	}

}
