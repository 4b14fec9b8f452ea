package io.github.eventsource.broadcast.internal;

import java.time.Instant;

import io.github.eventsource.broadcast.EventSourcePresence.Member;
import io.github.eventsource.broadcast.EventSourcePresence.Snapshot;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory members of paths and groups.
 */
class RostersTests {

	private final Rosters rosters = new Rosters();

	@Test
	void countsStreamsAndDistinctUsers() {
		assertThat(this.rosters.add(Target.path("/a"), member("1", "alice"))).isOne();
		assertThat(this.rosters.add(Target.path("/a"), member("2", "alice"))).isEqualTo(2);
		assertThat(this.rosters.add(Target.path("/a"), member("3", null))).isEqualTo(3);
		Snapshot snapshot = this.rosters.snapshot(Target.path("/a"), 10);
		assertThat(snapshot.count()).isEqualTo(3);
		assertThat(snapshot.users()).isOne();
		assertThat(snapshot.members()).extracting(Member::session).containsExactly("1", "2", "3");
		assertThat(this.rosters.remove(Target.path("/a"), "1")).isNotNull();
		assertThat(this.rosters.snapshot(Target.path("/a"), 10).users()).isOne();
		this.rosters.remove(Target.path("/a"), "2");
		assertThat(this.rosters.snapshot(Target.path("/a"), 10).users()).isZero();
	}

	@Test
	void addsASessionOnceAndRemovesItOnce() {
		assertThat(this.rosters.add(Target.group("g"), member("1", "bob"))).isOne();
		assertThat(this.rosters.add(Target.group("g"), member("1", "bob"))).isEqualTo(-1);
		assertThat(this.rosters.remove(Target.group("g"), "1")).isNotNull();
		assertThat(this.rosters.remove(Target.group("g"), "1")).isNull();
		assertThat(this.rosters.targets()).isZero();
		assertThat(this.rosters.memberships()).isZero();
		assertThat(this.rosters.snapshot(Target.group("g"), 10)).isEqualTo(Snapshot.EMPTY);
	}

	@Test
	void snapshotReadsOnlyTheMembersAskedFor() {
		for (int i = 0; i < 1000; i++) {
			this.rosters.add(Target.path("/big"), member(Integer.toString(i), "user-" + i));
		}
		Snapshot snapshot = this.rosters.snapshot(Target.path("/big"), 5);
		assertThat(snapshot.count()).isEqualTo(1000);
		assertThat(snapshot.users()).isEqualTo(1000);
		assertThat(snapshot.members()).hasSize(5);
		assertThat(this.rosters.snapshot(Target.path("/big"), 0).members()).isEmpty();
	}

	@Test
	void largestAreTheTargetsOfAKindWithTheMostStreams() {
		for (int i = 0; i < 5; i++) {
			for (int j = 0; j <= i; j++) {
				this.rosters.add(Target.path("/p" + i), member(i + "-" + j, null));
			}
		}
		this.rosters.add(Target.group("g"), member("x", "alice"));
		assertThat(this.rosters.largest(Kind.PATH, 2)).containsExactly(new TargetSize("/p4", 5, 0),
				new TargetSize("/p3", 4, 0));
		assertThat(this.rosters.largest(Kind.GROUP, 10)).containsExactly(new TargetSize("g", 1, 1));
		assertThat(this.rosters.largest(Kind.PATH, 0)).isEmpty();
		assertThat(this.rosters.memberships()).isEqualTo(16);
	}

	private static Member member(String session, @Nullable String user) {
		return new Member(session, user, "here", Instant.EPOCH);
	}

}
