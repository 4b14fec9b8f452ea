package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.List;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.presence.EventSourcePresence;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence on one instance: the bean counts the streams of paths and groups, and the
 * streams of a path with {@code presence = true} get the snapshot as they open, then one
 * {@code joined} and one {@code left} event per other stream, whatever ended it.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=500ms", "eventsource.replay.enabled=true" })
@AutoConfigureEventSourceTestClient
class PresenceIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Autowired
	EventSourcePresence presence;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
	}

	@Test
	void streamGetsTheSnapshotAsItOpensThenTheJoinedAndLeftOfOthers() {
		try (EventSourceTestStream alice = connectAs("/lobby/one", "alice")) {
			ReceivedEvent first = alice.awaitEvent();
			assertThat(first.name()).isEqualTo("presence");
			assertThat(first.id()).isNull();
			Snapshot alone = first.dataAs(Snapshot.class);
			assertThat(alone.count()).isOne();
			assertThat(alone.users()).isOne();
			String aliceId = alone.members().get(0).id();
			assertThat(alone.members()).extracting(Member::user).containsExactly("alice");
			assertThat(change(alice.awaitEvent(), "joined")).isEqualTo(new Change(aliceId, "alice", 1));
			String aliceSession = alice.awaitEvent().data();
			assertThat(aliceId).isNotEqualTo(aliceSession).doesNotContain(aliceSession).hasSize(22);
			String bobId;
			try (EventSourceTestStream bob = connectAs("/lobby/one", "bob")) {
				Snapshot both = bob.awaitEvent().dataAs(Snapshot.class);
				assertThat(both.count()).isEqualTo(2);
				assertThat(both.users()).isEqualTo(2);
				assertThat(both.members()).extracting(Member::user).containsExactly("alice", "bob");
				bobId = both.members().get(1).id();
				assertThat(change(alice.awaitEvent(), "joined")).isEqualTo(new Change(bobId, "bob", 2));
			}
			ReceivedEvent left = alice.awaitEvent(TIMEOUT);
			assertThat(left.id()).isNull();
			assertThat(change(left, "left")).isEqualTo(new Change(bobId, "bob", 1));
			assertNoMoreEvents(alice, "/lobby/one");
		}
	}

	@Test
	void closedSessionLeavesOnce() {
		try (EventSourceTestStream watcher = connectAs("/lobby/closed", "watcher")) {
			watcher.awaitEvents(3);
			try (EventSourceTestStream closing = connect("/lobby/closed")) {
				Change joined = change(watcher.awaitEvent(), "joined");
				assertThat(joined.user()).isNull();
				String session = closing.awaitEvents(3).stream()
					.filter((event) -> event.name().equals("hello"))
					.findFirst()
					.orElseThrow()
					.data();
				assertThat(this.sessions.get(joined.id())).isNull();
				SessionRegistry.Registration registration = this.sessions.get(session);
				assertThat(registration).isNotNull();
				registration.session().close();
				assertThat(change(watcher.awaitEvent(TIMEOUT), "left")).isEqualTo(new Change(joined.id(), null, 1));
				closing.awaitClosed();
				assertNoMoreEvents(watcher, "/lobby/closed");
			}
		}
	}

	@Test
	void vanishedClientLeavesOnceAtTheNextHeartbeatAtTheLatest() throws Exception {
		try (EventSourceTestStream watcher = connectAs("/lobby/vanished", "watcher")) {
			watcher.awaitEvents(3);
			RawSocket vanishing = RawSocket.open(this.port, "/lobby/vanished", "X-User", "ghost");
			vanishing.readUntil("event: hello");
			Change joined = change(watcher.awaitEvent(), "joined");
			assertThat(joined).isEqualTo(new Change(joined.id(), "ghost", 2));
			vanishing.cut();
			assertThat(change(watcher.awaitEvent(TIMEOUT), "left")).isEqualTo(new Change(joined.id(), "ghost", 1));
			assertNoMoreEvents(watcher, "/lobby/vanished");
			assertThat(this.presence.ofPath("/lobby/vanished", 10).members()).extracting(Member::user)
				.containsExactly("watcher");
		}
	}

	@Test
	void presenceCountsTheStreamsAndUsersOfPathsAndGroupsWithMembersCapped() {
		try (EventSourceTestStream one = connectAs("/feed/counted?group=crew", "alice");
				EventSourceTestStream two = connectAs("/feed/counted?group=crew", "alice");
				EventSourceTestStream three = connectAs("/feed/counted", "bob");
				EventSourceTestStream four = connect("/feed/counted?group=crew")) {
			List.of(one, two, three, four).forEach(EventSourceTestStream::awaitEvent);
			Snapshot path = this.presence.ofPath("/feed/counted", 2);
			assertThat(path.count()).isEqualTo(4);
			assertThat(path.users()).isEqualTo(2);
			assertThat(path.members()).hasSize(2);
			assertThat(path.members()).allSatisfy((member) -> {
				assertThat(member.instance()).isNotBlank();
				assertThat(member.since()).isNotNull();
			});
			Snapshot group = this.presence.ofGroup("crew", 10);
			assertThat(group.count()).isEqualTo(3);
			assertThat(group.users()).isOne();
			assertThat(group.members()).hasSize(3);
			assertThat(this.presence.ofGroup("crew", 0).members()).isEmpty();
			assertThat(one.events()).extracting(ReceivedEvent::name).containsExactly("hello");
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(this.presence.ofPath("/feed/counted", 10)).isEqualTo(Snapshot.EMPTY);
			assertThat(this.presence.ofGroup("crew", 10)).isEqualTo(Snapshot.EMPTY);
		});
	}

	@Test
	void reconnectingStreamGetsAFreshSnapshotAndNoReplayedPresenceEvents() {
		String lastId;
		try (EventSourceTestStream first = connect("/lobby/replayed")) {
			first.awaitEvents(3);
			this.template.broadcast("/lobby/replayed", EventSourceEvent.of("chat", "hi"));
			lastId = first.awaitEvent().id();
			assertThat(lastId).isNotNull();
		}
		await().atMost(TIMEOUT).until(() -> this.presence.ofPath("/lobby/replayed", 0).count() == 0);
		this.template.broadcast("/lobby/replayed", EventSourceEvent.of("chat", "missed"));
		try (EventSourceTestStream again = this.client.connect("/lobby/replayed",
				(headers) -> headers.set("Last-Event-ID", lastId))) {
			List<ReceivedEvent> events = again.awaitEvents(4);
			assertThat(events).extracting(ReceivedEvent::name).containsExactly("chat", "presence", "joined", "hello");
			assertThat(events.get(1).dataAs(Snapshot.class).count()).isOne();
		}
	}

	private void assertNoMoreEvents(EventSourceTestStream stream, String path) {
		this.template.broadcast(path, EventSourceEvent.of("marker", "end"));
		assertThat(stream.awaitEvent(TIMEOUT).name()).isEqualTo("marker");
	}

	private EventSourceTestStream connect(String path) {
		return this.client.connect(path);
	}

	private EventSourceTestStream connectAs(String path, String user) {
		return this.client.connect(path, (headers) -> headers.set("X-User", user));
	}

	private static Change change(ReceivedEvent event, String name) {
		assertThat(event.name()).isEqualTo(name);
		return event.dataAs(Change.class);
	}

	record Change(String id, @Nullable String user, int count) {
	}

}
