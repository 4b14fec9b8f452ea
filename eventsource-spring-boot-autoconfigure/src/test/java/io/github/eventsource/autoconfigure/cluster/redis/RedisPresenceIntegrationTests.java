package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.delivery.RawSocket;
import io.github.eventsource.presence.EventSourcePresence;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence in cluster mode on a real Redis, two instances (and a third that is killed):
 * counts and members stay exact under a thousand concurrent joins and leaves, every
 * stream of an announced path gets one {@code joined} and one {@code left} event per
 * other stream in the order of the changes, and the streams of an instance killed
 * without shutdown leave within the expiry.
 */
class RedisPresenceIntegrationTests {

	private static final Duration LONG = Duration.ofSeconds(60);

	private static final Duration EXPIRY = Duration.ofSeconds(3);

	private static final int CROWD = 1000;

	private static final int USERS = 100;

	private static ClusterInstance a;

	private static ClusterInstance b;

	private static String url;

	private static String keyPrefix;

	@BeforeAll
	static void startInstances() {
		url = RedisServers.sharedUrl();
		keyPrefix = "presence-" + UUID.randomUUID() + ":";
		a = start();
		b = start();
	}

	@AfterAll
	static void stopInstances() {
		for (ClusterInstance instance : new ClusterInstance[] { a, b }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	private static ClusterInstance start(String... properties) {
		List<String> all = new ArrayList<>(List.of("eventsource.cluster.redis.presence-expiry=" + EXPIRY.toMillis() + "ms",
				"eventsource.cluster.redis.heartbeat-interval=500ms", "eventsource.heartbeat.interval=500ms",
				// one event per change, whatever the crowd: the order of the changes is tested
				"eventsource.presence.coalesce-above=100000"));
		all.addAll(List.of(properties));
		return ClusterInstance.start(url, keyPrefix, all.toArray(String[]::new));
	}

	@Test
	void thousandConcurrentJoinsAndLeavesOnTwoInstancesKeepCountsMembersAndEventsExact() throws Exception {
		String path = "/lobby/crowd";
		try (EventSourceTestStream watcherOnA = watch(a, path, "watcher");
				EventSourceTestStream watcherOnB = watch(b, path, "watcher")) {
			awaitCount(path, 2, 1);
			assertThat(changes(watcherOnA, 1)).extracting(Change::count).containsExactly(2);
			List<RawSocket> crowd = concurrently(IntStream.range(0, CROWD).mapToObj((i) -> () -> open(path, i)));
			awaitCount(path, CROWD + 2, USERS + 1);
			Snapshot all = presence(a).ofPath(path, 2 * CROWD);
			assertThat(all.members()).hasSize(CROWD + 2);
			assertThat(all.members()).extracting(Member::id).doesNotHaveDuplicates();
			assertThat(all.members()).extracting(Member::instance).containsOnly(instanceId(a), instanceId(b));
			assertThat(presence(b).ofPath(path, 10).members()).hasSize(10);
			assertThat(b.bean(PresenceTracker.class).largest(Kind.PATH, 1))
				.containsExactly(new TargetSize(path, CROWD + 2, USERS + 1));
			List<Change> joinedOnA = changes(watcherOnA, CROWD);
			List<Change> joinedOnB = changes(watcherOnB, CROWD);
			assertThat(joinedOnA).isEqualTo(joinedOnB);
			assertThat(joinedOnA).extracting(Change::count)
				.containsExactlyElementsOf(IntStream.rangeClosed(3, CROWD + 2).boxed().toList());
			Set<String> crowdSessions = new HashSet<>(all.members().stream().map(Member::id).toList());
			assertThat(joinedOnA).extracting(Change::id).doesNotHaveDuplicates().allMatch(crowdSessions::contains);
			concurrently(crowd.stream().map((socket) -> () -> {
				socket.cut();
				return socket;
			}));
			awaitCount(path, 2, 1);
			List<Change> leftOnA = changes(watcherOnA, CROWD);
			assertThat(leftOnA).isEqualTo(changes(watcherOnB, CROWD));
			assertThat(leftOnA).extracting(Change::count)
				.containsExactlyElementsOf(IntStream.range(0, CROWD).map((i) -> CROWD + 1 - i).boxed().toList());
			assertThat(leftOnA).extracting(Change::id)
				.containsExactlyInAnyOrderElementsOf(joinedOnA.stream().map(Change::id).toList());
			a.template().broadcast(path, EventSourceEvent.of("marker", "end"));
			assertThat(watcherOnA.awaitEvent(LONG).name()).isEqualTo("marker");
			assertThat(watcherOnB.awaitEvent(LONG).name()).isEqualTo("marker");
		}
	}

	@Test
	void interleavedJoinsAndLeavesOnTwoInstancesReachEveryStreamInOneConsistentOrder() throws Exception {
		String path = "/lobby/churn";
		int half = CROWD / 2;
		try (EventSourceTestStream watcherOnA = watch(a, path, "watcher");
				EventSourceTestStream watcherOnB = watch(b, path, "watcher")) {
			assertThat(changes(watcherOnA, 1)).extracting(Change::count).containsExactly(2);
			List<RawSocket> first = concurrently(IntStream.range(0, half).mapToObj((i) -> () -> open(path, i)));
			List<Task<RawSocket>> churn = new ArrayList<>();
			for (int i = 0; i < half; i++) {
				RawSocket leaving = first.get(i);
				int joining = half + i;
				churn.add(() -> {
					leaving.cut();
					return null;
				});
				churn.add(() -> open(path, joining));
			}
			List<RawSocket> second = concurrently(churn.stream()).stream().filter(Objects::nonNull).toList();
			awaitCount(path, half + 2, USERS + 1);
			concurrently(second.stream().map((socket) -> () -> {
				socket.cut();
				return socket;
			}));
			awaitCount(path, 2, 1);
			List<ReceivedEvent> onA = watcherOnA.awaitEvents(2 * CROWD, LONG);
			assertThat(onA).isEqualTo(watcherOnB.awaitEvents(2 * CROWD, LONG));
			int count = 2;
			Set<String> present = new HashSet<>();
			Set<String> gone = new HashSet<>();
			for (ReceivedEvent event : onA) {
				Change change = event.dataAs(Change.class);
				if (event.name().equals("joined")) {
					count++;
					assertThat(present.add(change.id())).as("joined once: %s", change).isTrue();
				}
				else {
					assertThat(event.name()).isEqualTo("left");
					count--;
					assertThat(present.remove(change.id())).as("left after joined: %s", change).isTrue();
					assertThat(gone.add(change.id())).as("left once: %s", change).isTrue();
				}
				assertThat(change.count()).as("count after %s", change).isEqualTo(count);
			}
			assertThat(present).isEmpty();
			assertThat(gone).hasSize(CROWD);
		}
	}

	@Test
	void groupsAreCountedOnEveryInstance() {
		try (EventSourceTestStream one = a.connectAs("/feed/g1?group=ops", "alice");
				EventSourceTestStream two = b.connectAs("/feed/g2?group=ops", "bob");
				EventSourceTestStream three = b.connectAs("/feed/g3?group=ops", "bob")) {
			await().atMost(LONG).untilAsserted(() -> {
				Snapshot ops = presence(a).ofGroup("ops", 10);
				assertThat(ops.count()).isEqualTo(3);
				assertThat(ops.users()).isEqualTo(2);
				assertThat(ops.members()).extracting(Member::user).containsExactlyInAnyOrder("alice", "bob", "bob");
			});
		}
		await().atMost(LONG).until(() -> presence(b).ofGroup("ops", 10).equals(Snapshot.EMPTY));
	}

	@Test
	void instanceWhosePresenceExpiredWhileAlivePutsItsMembersBack() {
		String path = "/lobby/recovered";
		try (EventSourceTestStream watcher = watch(a, path, "watcher");
				EventSourceTestStream survivor = b.connectAs(path, "survivor")) {
			assertThat(changes(watcher, 1)).extracting(Change::count).containsExactly(2);
			// as if b had been cut off from Redis for longer than the expiry
			RedisClient redis = RedisClient.create(url);
			try (StatefulRedisConnection<String, String> connection = redis.connect()) {
				connection.sync().zadd(keyPrefix + "presence:instances", 0, instanceId(b));
			}
			finally {
				redis.shutdown();
			}
			List<Change> back = changes(watcher, 2);
			assertThat(back).extracting(Change::user).containsExactly("survivor", "survivor");
			assertThat(back).extracting(Change::count).containsExactly(1, 2);
			awaitCount(path, 2, 2);
		}
	}

	@Test
	void streamsOfAnInstanceKilledWithoutShutdownLeaveWithinTheExpiry() throws Exception {
		String path = "/lobby/killed";
		// closed without waiting for requests: it is dead already
		ClusterInstance victim = start("server.shutdown=immediate");
		try (EventSourceTestStream watcher = watch(a, path, "watcher")) {
			List<RawSocket> doomed = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				RawSocket socket = RawSocket.open(victim.port(), path, "X-User", "doomed-" + i);
				socket.readUntil("event: hello");
				doomed.add(socket);
			}
			assertThat(changes(watcher, 3)).extracting(Change::count).containsExactly(2, 3, 4);
			// killed: its Redis client is gone at once, nothing of its shutdown runs
			victim.bean(RedisClusterConnection.class).destroy();
			long killed = System.nanoTime();
			await().atMost(LONG).until(() -> presence(a).ofPath(path, 0).count() == 1);
			Duration gone = Duration.ofNanos(System.nanoTime() - killed);
			// the expiry after its last renewal, and a read: generous on a loaded machine
			assertThat(gone).isLessThan(EXPIRY.multipliedBy(3));
			List<Change> left = changes(watcher, 3);
			assertThat(left).extracting(Change::user).containsExactlyInAnyOrder("doomed-0", "doomed-1", "doomed-2");
			assertThat(left).extracting(Change::count).containsExactly(3, 2, 1);
			assertThat(presence(b).ofPath(path, 10).members()).extracting(Member::user).containsExactly("watcher");
			for (RawSocket socket : doomed) {
				socket.cut();
			}
			await().atMost(LONG).until(() -> victim.bean(SessionRegistry.class).size() == 0);
		}
		finally {
			victim.close();
		}
	}

	private static EventSourceTestStream watch(ClusterInstance instance, String path, String user) {
		EventSourceTestStream stream = instance.connectAs(path, user);
		// the snapshot comes from Redis, before or after the hello of @OnOpen
		stream.awaitEvents(2, LONG);
		assertThat(stream.events()).extracting(ReceivedEvent::name).containsExactlyInAnyOrder("hello", "presence", "joined");
		assertThat(stream.events()).extracting(ReceivedEvent::name).filteredOn((name) -> !name.equals("hello"))
			.containsExactly("presence", "joined");
		assertThat(stream.events()).extracting(ReceivedEvent::id).containsOnlyNulls();
		return stream;
	}

	private static RawSocket open(String path, int i) throws Exception {
		RawSocket socket = RawSocket.open(((i % 2 == 0) ? a : b).port(), path, "X-User", "user-" + (i % USERS));
		socket.readUntil("event: hello");
		return socket;
	}

	private static List<Change> changes(EventSourceTestStream stream, int count) {
		return stream.awaitEvents(count, LONG).stream().map((event) -> event.dataAs(Change.class)).toList();
	}

	private static void awaitCount(String path, int count, int users) {
		await().atMost(LONG).untilAsserted(() -> {
			for (ClusterInstance instance : List.of(a, b)) {
				Snapshot snapshot = presence(instance).ofPath(path, 0);
				assertThat(snapshot.count()).isEqualTo(count);
				assertThat(snapshot.users()).isEqualTo(users);
			}
		});
	}

	private static EventSourcePresence presence(ClusterInstance instance) {
		return instance.bean(EventSourcePresence.class);
	}

	private static String instanceId(ClusterInstance instance) {
		return instance.bean(RedisEventDelivery.class).origin();
	}

	private static <T> List<T> concurrently(java.util.stream.Stream<Task<T>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(32);
		try {
			List<Future<T>> futures = tasks.map((task) -> executor.submit(task::run)).toList();
			List<T> results = new ArrayList<>(futures.size());
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Task<T> {

		T run() throws Exception;

	}

	record Change(String id, @Nullable String user, int count) {
	}

}
