package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.delivery.RawSocket;
import io.github.eventsource.presence.EventSourcePresence;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence in cluster mode through a Redis that stops answering for longer than the
 * Redis timeout (renewals and changes time out) but shorter than the expiry: each
 * instance puts its members back by difference, so the members that stayed are announced
 * neither left nor joined, and those that left during the pause are announced left once.
 * A Redis of its own, as the test pauses it.
 */
class RedisPresenceResyncIntegrationTests {

	private static final Duration LONG = Duration.ofSeconds(60);

	private static final int CROWD = 1000;

	private static final int GONE = 10;

	private static final String ROOM = "/lobby/paused";

	@Test
	void pauseLongerThanTheTimeoutAnnouncesNothingForMembersThatStayed() throws Exception {
		try (RedisProcess redis = RedisProcess.startOnSparePort()) {
			String prefix = "resync-" + UUID.randomUUID() + ":";
			String[] properties = { "eventsource.cluster.redis.presence-expiry=30s", "eventsource.cluster.redis.timeout=1s",
					"eventsource.cluster.redis.heartbeat-interval=500ms", "eventsource.heartbeat.interval=1s",
					// one event per change: a storm would show as joined and left events
					"eventsource.presence.coalesce-above=100000" };
			try (ClusterInstance a = ClusterInstance.start(redis.url(), prefix, properties);
					ClusterInstance b = ClusterInstance.start(redis.url(), prefix, properties);
					EventSourceTestStream watcherOnA = a.connectAs(ROOM, "watcher");
					EventSourceTestStream watcherOnB = b.connectAs(ROOM, "watcher")) {
				List<RawSocket> crowd = open(a, b);
				try {
					awaitCount(a, b, CROWD + 2);
					// the joined events of the crowd come through pub/sub, the markers through the
					// delivery log: the window opens once the watchers have the last joined event
					for (EventSourceTestStream watcher : List.of(watcherOnA, watcherOnB)) {
						await().atMost(LONG).until(() -> watcher.events().stream().anyMatch(
								(event) -> event.data().contains("\"count\":" + (CROWD + 2) + "}")));
					}
					a.template().broadcast(ROOM, EventSourceEvent.of("marker", "before"));
					watcherOnA.awaitEvent("marker", LONG);
					watcherOnB.awaitEvent("marker", LONG);
					int fromA = watcherOnA.events().size();
					int fromB = watcherOnB.events().size();

					pause(redis.url(), Duration.ofSeconds(5));
					// streams of A leave while Redis does not answer
					for (RawSocket socket : crowd.subList(0, GONE)) {
						socket.cut();
					}
					await().atMost(LONG).until(() -> countOf(a) == CROWD + 2 - GONE && countOf(b) == CROWD + 2 - GONE);
					// a few renewals after the pause, then a marker closes the window
					await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
					// and closes after the last left event, then the marker
					for (EventSourceTestStream watcher : List.of(watcherOnA, watcherOnB)) {
						await().atMost(LONG).until(() -> watcher.events().stream().anyMatch(
								(event) -> event.data().contains("\"count\":" + (CROWD + 2 - GONE) + "}")));
					}
					a.template().broadcast(ROOM, EventSourceEvent.of("marker", "after"));
					for (List<ReceivedEvent> window : List.of(window(watcherOnA, fromA), window(watcherOnB, fromB))) {
						assertThat(window).extracting(ReceivedEvent::name).containsOnly("left");
						assertThat(window).hasSize(GONE);
						assertThat(window).extracting((event) -> event.dataAs(Change.class).id())
							.doesNotHaveDuplicates();
						assertThat(window).extracting((event) -> event.dataAs(Change.class).user())
							.allMatch((user) -> user.startsWith("member-"));
					}
					awaitCount(a, b, CROWD + 2 - GONE);
				}
				finally {
					for (RawSocket socket : crowd) {
						socket.close();
					}
				}
			}
		}
	}

	private static List<RawSocket> open(ClusterInstance a, ClusterInstance b) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Future<RawSocket>> futures = new ArrayList<>();
			for (int i = 0; i < CROWD; i++) {
				// the first GONE on A, which cuts them
				ClusterInstance instance = (i < GONE || i % 2 == 0) ? a : b;
				String user = "member-" + i;
				futures.add(executor.submit(() -> {
					RawSocket socket = RawSocket.open(instance.port(), ROOM, "X-User", user);
					socket.readUntil("event: hello");
					return socket;
				}));
			}
			List<RawSocket> sockets = new ArrayList<>();
			for (Future<RawSocket> future : futures) {
				sockets.add(future.get(120, TimeUnit.SECONDS));
			}
			return sockets;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void pause(String url, Duration duration) {
		RedisClient client = RedisClient.create(url);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().clientPause(duration.toMillis());
		}
		finally {
			client.shutdown();
		}
	}

	private static List<ReceivedEvent> window(EventSourceTestStream watcher, int from) {
		watcher.awaitEvent("marker", LONG);
		List<ReceivedEvent> events = watcher.events();
		List<String> names = events.stream().map(ReceivedEvent::name).toList();
		return events.subList(from, names.lastIndexOf("marker"));
	}

	private static void awaitCount(ClusterInstance a, ClusterInstance b, int count) {
		await().atMost(LONG).until(() -> countOf(a) == count && countOf(b) == count);
	}

	private static int countOf(ClusterInstance instance) {
		try {
			return instance.bean(EventSourcePresence.class).ofPath(ROOM, 0).count();
		}
		catch (RuntimeException ex) {
			// Redis paused
			return -1;
		}
	}

	record Change(String id, String user, int count) {
	}

}
