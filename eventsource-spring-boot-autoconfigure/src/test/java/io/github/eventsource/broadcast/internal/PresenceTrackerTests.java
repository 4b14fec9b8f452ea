package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-target presence of one instance: counts, members and opaque ids, the order of
 * the announcements of one target, targets that never wait on each other, and the
 * coalescing of large rooms, driven by hand.
 */
class PresenceTrackerTests {

	private static final Target LOBBY = Target.path("/lobby");

	private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

	private final RecordedAnnouncements announced = new RecordedAnnouncements(10, 3);

	private final PresenceTracker presence = new PresenceTracker(this.announced, CLOCK);

	@Test
	void countsStreamsAndDistinctUsers() {
		join(Target.path("/a"), "1", "alice", false);
		join(Target.path("/a"), "2", "alice", false);
		join(Target.path("/a"), "3", null, false);
		Snapshot snapshot = this.presence.ofPath("/a", 10);
		assertThat(snapshot.count()).isEqualTo(3);
		assertThat(snapshot.users()).isOne();
		assertThat(snapshot.members()).extracting(Member::user).containsExactly("alice", "alice", null);
		this.presence.leave(Target.path("/a"), "1");
		assertThat(this.presence.ofPath("/a", 10).users()).isOne();
		this.presence.leave(Target.path("/a"), "2");
		assertThat(this.presence.ofPath("/a", 10).users()).isZero();
		assertThat(this.announced.events()).isEmpty();
	}

	@Test
	void addsASessionOnceRemovesItOnceAndForgetsTheTargetWithItsLastMember() {
		join(Target.group("g"), "1", "bob", false);
		join(Target.group("g"), "1", "bob", false);
		assertThat(this.presence.localMemberships()).isOne();
		assertThat(this.presence.ofGroup("g", 10).count()).isOne();
		this.presence.leave(Target.group("g"), "1");
		this.presence.leave(Target.group("g"), "1");
		assertThat(this.presence.localTargets()).isZero();
		assertThat(this.presence.localMemberships()).isZero();
		assertThat(this.presence.ofGroup("g", 10)).isEqualTo(Snapshot.EMPTY);
		join(Target.group("g"), "1", "bob", false);
		assertThat(this.presence.localTargets()).isOne();
		assertThat(this.presence.localMemberships()).isOne();
	}

	@Test
	void largestTargetsOfAKindComeFirst() {
		for (int i = 0; i < 3; i++) {
			join(Target.path("/big"), "b" + i, "u" + i, false);
		}
		join(Target.path("/small"), "s", "u", false);
		join(Target.group("g"), "g1", "u", false);
		join(Target.group("g"), "g2", "u", false);
		assertThat(this.presence.largest(Kind.PATH, 1)).containsExactly(new TargetSize("/big", 3, 3));
		assertThat(this.presence.largest(Kind.PATH, 5)).extracting(TargetSize::name).containsExactly("/big", "/small");
		assertThat(this.presence.largest(Kind.GROUP, 5)).containsExactly(new TargetSize("g", 2, 1));
		assertThat(this.presence.largest(Kind.PATH, 0)).isEmpty();
	}

	@Test
	void memberIdIsStableInATargetUnrelatedAcrossTargetsAndNotTheSessionId() {
		join(LOBBY, "session-1", null, false);
		join(Target.group("g"), "session-1", null, false);
		Member inLobby = this.presence.ofPath(LOBBY.name(), 10).members().get(0);
		Member inGroup = this.presence.ofGroup("g", 10).members().get(0);
		assertThat(inLobby.id()).hasSize(22).doesNotContain("session-1").isNotEqualTo(inGroup.id());
		assertThat(inLobby).isEqualTo(new Member(inLobby.id(), null, inGroup.instance(), Instant.EPOCH));
		MemberIds ids = new MemberIds();
		assertThat(ids.id(LOBBY, "session-1")).isEqualTo(ids.id(LOBBY, "session-1"))
			.isNotEqualTo(new MemberIds().id(LOBBY, "session-1"));
	}

	@Test
	void joiningStreamGetsItsSnapshotThenEveryStreamTheChangesInOrderWithTheCountAfterEach() {
		join(LOBBY, "1", "alice", true);
		join(LOBBY, "2", "bob", true);
		this.presence.leave(LOBBY, "1");
		assertThat(this.announced.events()).containsExactly("presence to 1 1/1 1", "joined /lobby alice 1",
				"presence to 2 2/2 2", "joined /lobby bob 2", "left /lobby alice 1");
	}

	@Test
	void aboveTheThresholdChangesAreCoalescedIntoOneCountPerIntervalAndASnapshotBackUnder() {
		for (int i = 1; i <= 5; i++) {
			join(LOBBY, Integer.toString(i), "u" + i, true);
		}
		assertThat(this.announced.take()).containsExactly("presence to 1 1/1 1", "joined /lobby u1 1",
				"presence to 2 2/2 2", "joined /lobby u2 2", "presence to 3 3/3 3", "joined /lobby u3 3",
				"presence to 4 4/4 4", "presence to 5 5/5 5");
		announceCounts();
		assertThat(this.announced.take()).containsExactly("presence-count /lobby 5/5");
		announceCounts();
		assertThat(this.announced.take()).isEmpty();
		this.presence.leave(LOBBY, "5");
		join(LOBBY, "6", "u6", true);
		this.presence.leave(LOBBY, "6");
		assertThat(this.announced.take()).containsExactly("presence to 6 5/5 5");
		announceCounts();
		assertThat(this.announced.take()).containsExactly("presence-count /lobby 4/4");
		this.presence.leave(LOBBY, "4");
		assertThat(this.announced.take()).isEmpty();
		announceCounts();
		assertThat(this.announced.take()).containsExactly("presence /lobby 3/3 3");
		this.presence.leave(LOBBY, "3");
		assertThat(this.announced.take()).containsExactly("left /lobby u3 2");
	}

	@Test
	void changesToldByTheClusterAreAnnouncedWithTheirCountsAndCoalescedAboveTheThreshold() {
		PresenceTracker cluster = new PresenceTracker("instance", this.announced, CLOCK) {

			@Override
			protected void changedHere(PresenceRoom room, boolean joined, String session, Member member,
					boolean announce) {
				// the cluster tells
			}

		};
		cluster.join(LOBBY, "local", null, true);
		assertThat(this.announced.take()).isEmpty();
		PresenceRoom room = cluster.room(LOBBY);
		room.changedElsewhere(true, "id-local", null, 3, 0, "local", new Snapshot(3, 0, List.of()));
		room.changedElsewhere(false, "id-2", "bob", 2, 0, null, null);
		assertThat(this.announced.take()).containsExactly("presence to local 3/0 0", "joined /lobby null 3",
				"left /lobby bob 2");
		room.changedElsewhere(true, "id-3", null, 500, 7, null, null);
		room.changedElsewhere(false, "id-4", null, 499, 7, null, null);
		assertThat(this.announced.take()).isEmpty();
		cluster.announceCounts((under) -> {
			throw new IllegalStateException("no snapshot above the threshold");
		});
		assertThat(this.announced.take()).containsExactly("presence-count /lobby 499/7");
		room.changedElsewhere(false, "id-5", null, 2, 1, null, null);
		Snapshot fromRedis = new Snapshot(2, 1, List.of());
		assertThatThrownBy(() -> cluster.announceCounts((under) -> {
			throw new IllegalStateException("Redis away");
		})).hasMessage("Redis away");
		assertThat(this.announced.take()).isEmpty();
		cluster.announceCounts((under) -> fromRedis);
		assertThat(this.announced.take()).containsExactly("presence /lobby 2/1 0");
	}

	@Test
	void changesOfOneTargetNeverWaitForTheAnnouncementsOfAnother() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.announced.onEach((event) -> {
			if (event.equals("presence to slow 1/0 1")) {
				writing.countDown();
				await(release);
			}
		});
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<?> slow = executor.submit(() -> join(LOBBY, "slow", null, true));
			assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
			executor.submit(() -> join(Target.path("/other"), "other", null, true)).get(10, TimeUnit.SECONDS);
			assertThat(this.announced.events()).contains("presence to other 1/0 1", "joined /other null 1");
			release.countDown();
			slow.get(10, TimeUnit.SECONDS);
			assertThat(this.announced.events()).containsSubsequence("presence to slow 1/0 1", "joined /lobby null 1");
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	@Test
	void concurrentChangesOfOneTargetAreAnnouncedInTheirOrderWithExactCounts() throws Exception {
		RecordedAnnouncements everyChange = new RecordedAnnouncements(1, Integer.MAX_VALUE);
		PresenceTracker presence = new PresenceTracker(everyChange, CLOCK);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				int t = thread;
				futures.add(executor.submit(() -> {
					for (int i = 0; i < 500; i++) {
						String session = t + "-" + i;
						presence.join(LOBBY, session, null, true);
						presence.leave(LOBBY, session);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		int count = 0;
		List<String> changes = everyChange.events().stream().filter((event) -> !event.startsWith("presence")).toList();
		assertThat(changes).hasSize(8000);
		for (String change : changes) {
			count += change.startsWith("joined") ? 1 : -1;
			assertThat(change).endsWith(" " + count);
		}
		assertThat(count).isZero();
		assertThat(presence.localTargets()).isZero();
	}

	private void announceCounts() {
		this.presence.announceCounts();
	}

	private void join(Target target, String session, @Nullable String user, boolean announce) {
		this.presence.join(target, session, user, announce);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
