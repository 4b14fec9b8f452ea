package io.github.eventsource.autoconfigure.cluster.redis;

import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.delivery.DeliveryEndpoints;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One application instance of a cluster test: the {@link DeliveryEndpoints} application
 * on a random port, in cluster mode on the given Redis with the given key prefix.
 */
final class ClusterInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final EventSourceTestClient client;

	private ClusterInstance(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.client = new EventSourceTestClient(() -> "http://localhost:" + port);
	}

	/**
	 * Start an instance.
	 * @param redisUrl the Redis URL
	 * @param keyPrefix the key prefix shared by the instances of one test
	 * @param properties more properties, {@code name=value}
	 * @return the running instance
	 */
	static ClusterInstance start(String redisUrl, String keyPrefix, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.data.redis.url=" + redisUrl,
				"eventsource.cluster.mode=redis",
				"eventsource.cluster.redis.key-prefix=" + keyPrefix, "eventsource.replay.enabled=true",
				"eventsource.session.max-buffered-events=50000", "spring.main.banner-mode=off",
				// every client of these tests comes from one address and stands for many users
				"eventsource.resumable.max-generations-per-client=1000"));
		all.addAll(List.of(properties));
		return new ClusterInstance(new SpringApplicationBuilder(DeliveryEndpoints.class)
			.properties(all.toArray(String[]::new))
			.run());
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	EventSourceTemplate template() {
		return bean(EventSourceTemplate.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Connect to a feed and await its {@code hello} event.
	 * @param path the feed path and query
	 * @return the open stream
	 */
	EventSourceTestStream connect(String path) {
		return hello(this.client.connect(path));
	}

	/**
	 * Connect to a feed with a last event id; the replayed events come before the
	 * {@code hello} event.
	 * @param path the feed path
	 * @param lastEventId the last event id
	 * @return the open stream
	 */
	EventSourceTestStream connect(String path, String lastEventId) {
		return this.client.connect(path, (headers) -> headers.set("Last-Event-ID", lastEventId));
	}

	/**
	 * Connect as a user and await the {@code hello} event.
	 * @param path the feed path and query
	 * @param user the user name
	 * @return the open stream
	 */
	EventSourceTestStream connectAs(String path, String user) {
		return hello(this.client.connect(path, (headers) -> headers.set("X-User", user)));
	}

	/**
	 * Return the test client of this instance, for streams that send no {@code hello}.
	 * @return the client
	 */
	EventSourceTestClient client() {
		return this.client;
	}

	private static EventSourceTestStream hello(EventSourceTestStream stream) {
		stream.awaitEvent();
		return stream;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
