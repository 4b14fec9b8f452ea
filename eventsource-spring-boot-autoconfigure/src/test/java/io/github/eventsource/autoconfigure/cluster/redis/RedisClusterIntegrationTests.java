package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.core.EventSourceEvent;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three application instances in cluster mode on a real Redis: sends on one reach the
 * streams of all, and replay works after reconnecting to another.
 */
class RedisClusterIntegrationTests {

	private static final Duration LONG = Duration.ofSeconds(30);

	private static final int MAX_EVENTS = 1000;

	private static ClusterInstance a;

	private static ClusterInstance b;

	private static ClusterInstance c;

	private static String url;

	private static String keyPrefix;

	@BeforeAll
	static void startInstances() {
		url = RedisServers.sharedUrl();
		keyPrefix = "eventsource-test-" + UUID.randomUUID() + ":";
		String maxEvents = "eventsource.replay.max-events=" + MAX_EVENTS;
		a = ClusterInstance.start(url, keyPrefix, maxEvents);
		b = ClusterInstance.start(url, keyPrefix, maxEvents);
		c = ClusterInstance.start(url, keyPrefix, maxEvents);
	}

	@AfterAll
	static void stopInstances() {
		for (ClusterInstance instance : new ClusterInstance[] { a, b, c }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void broadcastOnOneInstanceReachesTheStreamsOfEveryInstance() {
		try (EventSourceTestStream onA = a.connect("/feed/news"); EventSourceTestStream onB = b.connect("/feed/news");
				EventSourceTestStream onC = c.connect("/feed/news");
				EventSourceTestStream other = c.connect("/feed/sport")) {
			assertThat(b.template().broadcast("/feed/news", EventSourceEvent.of("flash", "extra")).localStreams())
				.isOne();
			for (EventSourceTestStream stream : List.of(onA, onB, onC)) {
				ReceivedEvent event = stream.awaitEvent();
				assertThat(event.name()).isEqualTo("flash");
				assertThat(event.data()).isEqualTo("extra");
			}
			assertThat(onA.events().get(1).id()).isEqualTo(onB.events().get(1).id())
				.isEqualTo(onC.events().get(1).id());
			c.template().broadcast("/feed/sport", EventSourceEvent.of("score", "1-0"));
			assertThat(other.awaitEvent().data()).isEqualTo("1-0");
			assertThat(onA.events()).extracting(ReceivedEvent::data).doesNotContain("1-0");
		}
	}

	@Test
	void broadcastIsAppendedToRedisOnceWhateverTheNumberOfStreams() {
		try (EventSourceTestStream one = a.connect("/feed/once"); EventSourceTestStream two = a.connect("/feed/once");
				EventSourceTestStream three = b.connect("/feed/once")) {
			assertThat(a.template().broadcast("/feed/once", EventSourceEvent.of("once")).localStreams()).isEqualTo(2);
			a.template().broadcast("/feed/once", EventSourceEvent.of("marker"));
			assertThat(three.awaitEvents(2)).extracting(ReceivedEvent::data).containsExactly("once", "marker");
			RedisClient client = RedisClient.create(url);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				List<String> appended = connection.sync()
					.xrange(keyPrefix + "log", Range.create("-", "+"))
					.stream()
					.map((entry) -> entry.getBody().get("f"))
					.filter((frame) -> frame.contains("data: once\n") || frame.contains("data: marker\n"))
					.toList();
				assertThat(appended).hasSize(2);
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
			}
		}
	}

	@Test
	void groupSendReachesTheMembersOnEveryInstance() {
		try (EventSourceTestStream onA = a.connect("/feed/x?group=staff");
				EventSourceTestStream onC = c.connect("/feed/y?group=staff");
				EventSourceTestStream outsider = b.connect("/feed/z?group=guests")) {
			b.template().broadcastToGroup("staff", EventSourceEvent.of("note", "for staff"));
			b.template().broadcastToGroup("guests", EventSourceEvent.of("note", "for guests"));
			assertThat(onA.awaitEvent().data()).isEqualTo("for staff");
			assertThat(onC.awaitEvent().data()).isEqualTo("for staff");
			assertThat(outsider.awaitEvent().data()).isEqualTo("for guests");
			assertThat(onA.events()).extracting(ReceivedEvent::data).doesNotContain("for guests");
		}
	}

	@Test
	void userSendReachesTheStreamsOfTheUserOnEveryInstance() {
		try (EventSourceTestStream aliceOnA = a.connectAs("/feed/a", "alice");
				EventSourceTestStream aliceOnB = b.connectAs("/feed/b", "alice");
				EventSourceTestStream bobOnC = c.connectAs("/feed/c", "bob")) {
			assertThat(c.template().broadcastToUser("alice", EventSourceEvent.of("dm", "hi alice")))
				.isEqualTo(BroadcastResult.acceptedFor(0));
			c.template().broadcastToUser("bob", EventSourceEvent.of("dm", "hi bob"));
			assertThat(aliceOnA.awaitEvent().data()).isEqualTo("hi alice");
			assertThat(aliceOnB.awaitEvent().data()).isEqualTo("hi alice");
			assertThat(bobOnC.awaitEvent().data()).isEqualTo("hi bob");
			assertThat(aliceOnA.events()).extracting(ReceivedEvent::data).doesNotContain("hi bob");
		}
	}

	@Test
	void sessionSendReachesTheSessionOnWhicheverInstanceHoldsIt() {
		try (EventSourceTestStream onB = b.connect("/feed/private")) {
			String sessionId = onB.events().get(0).data().split(" ")[0];
			// forwarded to the other instances: accepted, for no stream of this one
			assertThat(a.template().broadcastToSession(sessionId, EventSourceEvent.of("dm", "just you")))
				.isEqualTo(BroadcastResult.acceptedFor(0));
			assertThat(onB.awaitEvent().data()).isEqualTo("just you");
		}
	}

	@Test
	void everyInstanceCountsTheInstancesAliveAndTheirStreams() {
		try (EventSourceTestStream one = b.connect("/feed/count");
				EventSourceTestStream two = c.connect("/feed/count")) {
			a.bean(RedisPresence.class).heartbeat();
			b.bean(RedisPresence.class).heartbeat();
			c.bean(RedisPresence.class).heartbeat();
			RedisPresence presence = a.bean(RedisPresence.class);
			presence.heartbeat();
			assertThat(presence.instances()).isEqualTo(3);
			assertThat(presence.streams()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void reconnectingToAnotherInstanceReplaysExactlyTheMissedEventsInOrder() {
		String lastSeen;
		try (EventSourceTestStream onA = a.connect("/feed/replay")) {
			publish(b, "/feed/replay", "one", "two", "three");
			assertThat(onA.awaitEvents(3)).extracting(ReceivedEvent::data).containsExactly("one", "two", "three");
			lastSeen = onA.lastEventId();
		}
		publishAndAwait(c, "/feed/replay", "four", "five");
		try (EventSourceTestStream onB = b.connect("/feed/replay", lastSeen)) {
			List<ReceivedEvent> replayed = onB.awaitEvents(3);
			assertThat(replayed).extracting(ReceivedEvent::name).containsExactly("message", "message", "hello");
			assertThat(replayed.get(2).data()).endsWith(" REPLAYED");
			assertThat(replayed.subList(0, 2)).extracting(ReceivedEvent::data).containsExactly("four", "five");
			assertThat(position(replayed.get(0).id())).isGreaterThan(position(lastSeen));
			publish(a, "/feed/replay", "six");
			assertThat(onB.awaitEvent().data()).isEqualTo("six");
		}
	}

	@Test
	void lastEventIdOlderThanTheHistoryGetsTheResetEvent() {
		String first;
		try (EventSourceTestStream onA = a.connect("/feed/old")) {
			publish(b, "/feed/old", "first");
			first = onA.awaitEvent().id();
		}
		publishAndAwait(c, "/feed/old",
				IntStream.range(0, MAX_EVENTS + 1).mapToObj(Integer::toString).toArray(String[]::new));
		try (EventSourceTestStream onB = b.connect("/feed/old", first)) {
			assertThat(onB.awaitEvent().name()).isEqualTo("reset");
			// live events still arriving may come before the hello of @OnOpen
			ReceivedEvent hello = onB.awaitEvent();
			while (!"hello".equals(hello.name())) {
				hello = onB.awaitEvent();
			}
			assertThat(hello.data()).endsWith(" RESET");
		}
		try (EventSourceTestStream onC = c.connect("/feed/old", "no-such-id")) {
			assertThat(onC.awaitEvent().name()).isEqualTo("reset");
		}
	}

	@Test
	void streamJoiningWhilePublishingGetsEveryEventOnceInOrder() {
		int total = 300;
		try (EventSourceTestStream early = c.connect("/feed/busy")) {
			// each send waits until the previous one arrived, so the late stream joins mid-way
			CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> IntStream.range(0, total)
				.forEach((i) -> {
					a.template().broadcast("/feed/busy", EventSourceEvent.of("n", Integer.toString(i)));
					// the hello event comes first
					await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(() -> early.events().size() > i + 1);
				}));
			await().atMost(LONG).until(() -> early.events().size() > 50);
			try (EventSourceTestStream late = b.connect("/feed/busy", early.events().get(50).id())) {
				assertThat(publishing).as("still publishing when the late stream joined").isNotDone();
				List<ReceivedEvent> received = late.awaitEvents(total - 50 + 1, LONG);
				assertThat(received).filteredOn((event) -> "hello".equals(event.name()))
					.singleElement()
					.satisfies((hello) -> assertThat(hello.data()).endsWith(" REPLAYED"));
				List<String> rest = received.stream()
					.filter((event) -> "n".equals(event.name()))
					.map(ReceivedEvent::data)
					.toList();
				publishing.join();
				assertThat(rest).containsExactlyElementsOf(
						IntStream.range(50, total).mapToObj(Integer::toString).toList());
			}
		}
	}

	@Test
	void thousandConcurrentSendsFromTwoInstancesReachEveryStreamInIdOrderAndReplayExactlyTheRestElsewhere() {
		int total = 1000;
		try (EventSourceTestStream onA = a.connect("/feed/order");
				EventSourceTestStream alsoOnA = a.connect("/feed/order");
				EventSourceTestStream onB = b.connect("/feed/order")) {
			sendConcurrently(total, (i) -> ((i % 2 == 0) ? a : b).template()
				.broadcast("/feed/order", EventSourceEvent.of("n", Integer.toString(i))));
			List<String> ids = ids(onA.awaitEvents(total, LONG));
			assertStrictlyIncreasing(ids);
			assertThat(ids(alsoOnA.awaitEvents(total, LONG))).containsExactlyElementsOf(ids);
			assertThat(ids(onB.awaitEvents(total, LONG))).containsExactlyElementsOf(ids);
			for (int i : new int[] { 0, 1, 2, 250, 499, 500, 777, 998, 999 }) {
				ClusterInstance other = (i % 2 == 0) ? b : c;
				try (EventSourceTestStream resumed = other.connect("/feed/order", ids.get(i))) {
					List<ReceivedEvent> rest = resumed.awaitEvents(total - i, LONG);
					assertThat(rest.get(total - i - 1).data()).endsWith(" REPLAYED");
					assertThat(ids(rest.subList(0, total - i - 1))).as("resumed after event %d", i)
						.containsExactlyElementsOf(ids.subList(i + 1, total));
				}
			}
		}
	}

	@Test
	void eventsOfAPathAndItsGroupsReachEveryStreamInOneIdOrder() {
		int total = 600;
		try (EventSourceTestStream onA = a.connect("/feed/mix?group=g1&group=g2");
				EventSourceTestStream onB = b.connect("/feed/mix?group=g1&group=g2")) {
			sendConcurrently(total, (i) -> {
				ClusterInstance sender = (i % 2 == 0) ? a : b;
				EventSourceEvent event = EventSourceEvent.of("n", Integer.toString(i));
				switch (i % 3) {
					case 0 -> sender.template().broadcast("/feed/mix", event);
					case 1 -> sender.template().broadcastToGroup("g1", event);
					default -> sender.template().broadcastToGroup("g2", event);
				}
			});
			List<String> ids = ids(onA.awaitEvents(total, LONG));
			assertStrictlyIncreasing(ids);
			assertThat(ids(onB.awaitEvents(total, LONG))).containsExactlyElementsOf(ids);
		}
	}

	private static void sendConcurrently(int total, java.util.function.IntConsumer send) {
		int threads = 8;
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		List<CompletableFuture<Void>> senders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int first = t;
			senders.add(CompletableFuture.runAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = first; i < total; i += threads) {
					send.accept(i);
				}
			}, java.util.concurrent.Executors.newSingleThreadExecutor()));
		}
		start.countDown();
		senders.forEach(CompletableFuture::join);
	}

	private static List<String> ids(List<ReceivedEvent> events) {
		return events.stream().map(ReceivedEvent::id).toList();
	}

	private static void assertStrictlyIncreasing(List<String> ids) {
		List<Long> positions = ids.stream().map(RedisClusterIntegrationTests::position).toList();
		assertThat(positions).isSorted().doesNotHaveDuplicates();
	}

	private static long position(String id) {
		ClusterEventId parsed = ClusterEventId.parse(id);
		assertThat(parsed).as("cluster id %s", id).isNotNull();
		return parsed.position();
	}

	/**
	 * Publish events and wait until they are published: a send only queues its event.
	 */
	private static void publishAndAwait(ClusterInstance instance, String path, String... data) {
		try (EventSourceTestStream watcher = instance.connect(path)) {
			publish(instance, path, data);
			watcher.awaitEvents(data.length, LONG);
		}
	}

	private static void publish(ClusterInstance instance, String path, String... data) {
		for (String item : data) {
			instance.template().broadcast(path, EventSourceEvent.of(item));
		}
	}

}
