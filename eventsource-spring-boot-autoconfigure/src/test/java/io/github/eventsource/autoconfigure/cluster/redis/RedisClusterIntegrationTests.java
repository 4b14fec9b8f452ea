package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.test.ReceivedEvent;
import io.github.eventsource.test.TestEventStream;
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

	private static final int MAX_EVENTS = 100;

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
		try (TestEventStream onA = a.connect("/feed/news"); TestEventStream onB = b.connect("/feed/news");
				TestEventStream onC = c.connect("/feed/news"); TestEventStream other = c.connect("/feed/sport")) {
			assertThat(b.template().broadcast("/feed/news", EventSourceEvent.of("flash", "extra"))).isOne();
			for (TestEventStream stream : List.of(onA, onB, onC)) {
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
	void broadcastIsPublishedToRedisOnceWhateverTheNumberOfStreams() {
		List<String> published = new CopyOnWriteArrayList<>();
		try (RedisSubscriber subscriber = RedisSubscriber.subscribe(url, RedisEventLog.channel(keyPrefix),
				(message) -> published.add(new String(ClusterMessage.from(message).frame(), StandardCharsets.UTF_8)));
				TestEventStream one = a.connect("/feed/once"); TestEventStream two = a.connect("/feed/once");
				TestEventStream three = b.connect("/feed/once")) {
			assertThat(a.template().broadcast("/feed/once", EventSourceEvent.of("once"))).isEqualTo(2);
			a.template().broadcast("/feed/once", EventSourceEvent.of("marker"));
			await().atMost(LONG).until(() -> published.stream().anyMatch((frame) -> frame.contains("data: marker")));
			assertThat(published).hasSize(2);
			assertThat(published.get(0)).endsWith("\ndata: once\n\n");
			assertThat(three.awaitEvents(2)).extracting(ReceivedEvent::data).containsExactly("once", "marker");
		}
	}

	@Test
	void groupSendReachesTheMembersOnEveryInstance() {
		try (TestEventStream onA = a.connect("/feed/x?group=staff"); TestEventStream onC = c.connect("/feed/y?group=staff");
				TestEventStream outsider = b.connect("/feed/z?group=guests")) {
			b.template().sendToGroup("staff", EventSourceEvent.of("note", "for staff"));
			b.template().sendToGroup("guests", EventSourceEvent.of("note", "for guests"));
			assertThat(onA.awaitEvent().data()).isEqualTo("for staff");
			assertThat(onC.awaitEvent().data()).isEqualTo("for staff");
			assertThat(outsider.awaitEvent().data()).isEqualTo("for guests");
			assertThat(onA.events()).extracting(ReceivedEvent::data).doesNotContain("for guests");
		}
	}

	@Test
	void userSendReachesTheStreamsOfTheUserOnEveryInstance() {
		try (TestEventStream aliceOnA = a.connectAs("/feed/a", "alice");
				TestEventStream aliceOnB = b.connectAs("/feed/b", "alice");
				TestEventStream bobOnC = c.connectAs("/feed/c", "bob")) {
			assertThat(c.template().sendToUser("alice", EventSourceEvent.of("dm", "hi alice"))).isZero();
			c.template().sendToUser("bob", EventSourceEvent.of("dm", "hi bob"));
			assertThat(aliceOnA.awaitEvent().data()).isEqualTo("hi alice");
			assertThat(aliceOnB.awaitEvent().data()).isEqualTo("hi alice");
			assertThat(bobOnC.awaitEvent().data()).isEqualTo("hi bob");
			assertThat(aliceOnA.events()).extracting(ReceivedEvent::data).doesNotContain("hi bob");
		}
	}

	@Test
	void sessionSendReachesTheSessionOnWhicheverInstanceHoldsIt() {
		try (TestEventStream onB = b.connect("/feed/private")) {
			String sessionId = onB.events().get(0).data().split(" ")[0];
			assertThat(a.template().sendToSession(sessionId, EventSourceEvent.of("dm", "just you"))).isFalse();
			assertThat(onB.awaitEvent().data()).isEqualTo("just you");
		}
	}

	@Test
	void reconnectingToAnotherInstanceReplaysExactlyTheMissedEventsInOrder() {
		String lastSeen;
		try (TestEventStream onA = a.connect("/feed/replay")) {
			publish(b, "/feed/replay", "one", "two", "three");
			assertThat(onA.awaitEvents(3)).extracting(ReceivedEvent::data).containsExactly("one", "two", "three");
			lastSeen = onA.lastEventId();
		}
		publish(c, "/feed/replay", "four", "five");
		try (TestEventStream onB = b.connect("/feed/replay", lastSeen)) {
			List<ReceivedEvent> replayed = onB.awaitEvents(3);
			assertThat(replayed).extracting(ReceivedEvent::name).containsExactly("message", "message", "hello");
			assertThat(replayed.get(2).data()).endsWith(" REPLAYED");
			assertThat(replayed.subList(0, 2)).extracting(ReceivedEvent::data).containsExactly("four", "five");
			assertThat(Long.parseLong(replayed.get(0).id())).isGreaterThan(Long.parseLong(lastSeen));
			publish(a, "/feed/replay", "six");
			assertThat(onB.awaitEvent().data()).isEqualTo("six");
		}
	}

	@Test
	void lastEventIdOlderThanTheHistoryGetsTheResetEvent() {
		String first;
		try (TestEventStream onA = a.connect("/feed/old")) {
			publish(b, "/feed/old", "first");
			first = onA.awaitEvent().id();
		}
		publish(c, "/feed/old", IntStream.range(0, MAX_EVENTS).mapToObj(Integer::toString).toArray(String[]::new));
		try (TestEventStream onB = b.connect("/feed/old", first)) {
			assertThat(onB.awaitEvent().name()).isEqualTo("reset");
			assertThat(onB.awaitEvent().data()).endsWith(" RESET");
		}
		try (TestEventStream onC = c.connect("/feed/old", "no-such-id")) {
			assertThat(onC.awaitEvent().name()).isEqualTo("reset");
		}
	}

	@Test
	void streamJoiningWhilePublishingGetsEveryEventOnceInOrder() {
		int total = 3000;
		try (TestEventStream early = c.connect("/feed/busy")) {
			CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> IntStream.range(0, total)
				.forEach((i) -> a.template().broadcast("/feed/busy", EventSourceEvent.of("n", Integer.toString(i)))));
			List<ReceivedEvent> first = early.awaitEvents(50, LONG);
			try (TestEventStream late = b.connect("/feed/busy", first.get(49).id())) {
				assertThat(late.awaitEvent().name()).isEqualTo("n");
				assertThat(publishing).as("still publishing when the late stream joined").isNotDone();
				List<String> rest = new ArrayList<>();
				rest.add(late.events().get(0).data());
				for (ReceivedEvent event : late.awaitEvents(total - 50, LONG)) {
					if ("n".equals(event.name())) {
						rest.add(event.data());
					}
				}
				publishing.join();
				assertThat(rest).containsExactlyElementsOf(
						IntStream.range(50, total).mapToObj(Integer::toString).toList());
			}
		}
	}

	@Test
	void eventsPublishedConcurrentlyFromTwoInstancesKeepTheirOrderWithoutDuplicates() {
		int perPublisher = 5000;
		try (TestEventStream onA = a.connect("/feed/race"); TestEventStream onB = b.connect("/feed/race");
				TestEventStream onC = c.connect("/feed/race")) {
			CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> publishNumbered(a, "A", perPublisher));
			CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> publishNumbered(b, "B", perPublisher));
			fromA.join();
			fromB.join();
			for (TestEventStream stream : List.of(onA, onB, onC)) {
				assertPerPublisherOrder(stream.awaitEvents(2 * perPublisher, LONG), perPublisher);
			}
			assertThat(onC.events().subList(1, 2 * perPublisher + 1)).extracting((event) -> Long.parseLong(event.id()))
				.isSorted()
				.doesNotHaveDuplicates();
		}
	}

	private static void publishNumbered(ClusterInstance instance, String publisher, int count) {
		for (int i = 0; i < count; i++) {
			instance.template().broadcast("/feed/race", EventSourceEvent.of("n", publisher + i));
		}
	}

	private static void assertPerPublisherOrder(List<ReceivedEvent> events, int perPublisher) {
		Map<String, List<Integer>> byPublisher = new HashMap<>();
		for (ReceivedEvent event : events) {
			byPublisher.computeIfAbsent(event.data().substring(0, 1), (key) -> new ArrayList<>())
				.add(Integer.parseInt(event.data().substring(1)));
		}
		List<Integer> expected = IntStream.range(0, perPublisher).boxed().toList();
		assertThat(byPublisher).containsOnlyKeys("A", "B");
		assertThat(byPublisher.get("A")).containsExactlyElementsOf(expected);
		assertThat(byPublisher.get("B")).containsExactlyElementsOf(expected);
	}

	private static void publish(ClusterInstance instance, String path, String... data) {
		for (String item : data) {
			instance.template().broadcast(path, EventSourceEvent.of(item));
		}
	}

}
