package io.github.eventsource.broadcast.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

import io.github.eventsource.broadcast.EventSourcePresence.Member;
import io.github.eventsource.broadcast.EventSourcePresence.Snapshot;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import org.jspecify.annotations.Nullable;

/**
 * The members of every path and group, in memory: per target its streams in the order
 * they joined and the number of streams of each user, so that both counts are read at
 * once and a snapshot reads only the members it returns. A target goes with its last
 * member.
 * <p>
 * Not thread-safe: its owner guards it.
 */
public final class Rosters {

	private final Map<Target, Roster> rosters = new HashMap<>();

	private long memberships;

	/**
	 * Add a member to a target.
	 * @param target the path or group
	 * @param member the member
	 * @return the number of streams of the target after the change, or {@code -1} if the
	 * session was there already
	 */
	public int add(Target target, Member member) {
		Roster roster = this.rosters.computeIfAbsent(target, (key) -> new Roster());
		if (roster.members.putIfAbsent(member.session(), member) != null) {
			return -1;
		}
		if (member.user() != null) {
			roster.users.merge(member.user(), 1, Integer::sum);
		}
		this.memberships++;
		return roster.members.size();
	}

	/**
	 * Remove a member from a target.
	 * @param target the path or group
	 * @param session the session id
	 * @return the member removed, or {@code null} if it was not there
	 */
	public @Nullable Member remove(Target target, String session) {
		Roster roster = this.rosters.get(target);
		Member member = (roster != null) ? roster.members.remove(session) : null;
		if (roster == null || member == null) {
			return null;
		}
		if (member.user() != null) {
			roster.users.computeIfPresent(member.user(), (user, count) -> (count > 1) ? count - 1 : null);
		}
		this.memberships--;
		if (roster.members.isEmpty()) {
			this.rosters.remove(target);
		}
		return member;
	}

	/**
	 * Return the number of streams of a target.
	 * @param target the path or group
	 * @return the number of streams
	 */
	public int count(Target target) {
		Roster roster = this.rosters.get(target);
		return (roster != null) ? roster.members.size() : 0;
	}

	/**
	 * Return the counts of a target and its first members.
	 * @param target the path or group
	 * @param maxMembers the maximum number of members
	 * @return the snapshot
	 */
	public Snapshot snapshot(Target target, int maxMembers) {
		Roster roster = this.rosters.get(target);
		if (roster == null) {
			return Snapshot.EMPTY;
		}
		List<Member> members = new ArrayList<>(Math.min(Math.max(maxMembers, 0), roster.members.size()));
		for (Member member : roster.members.values()) {
			if (members.size() >= maxMembers) {
				break;
			}
			members.add(member);
		}
		return new Snapshot(roster.members.size(), roster.users.size(), members);
	}

	/**
	 * Return the largest targets of a kind.
	 * @param kind the kind of target
	 * @param limit the maximum number of targets
	 * @return the targets, largest first
	 */
	public List<TargetSize> largest(Kind kind, int limit) {
		Comparator<TargetSize> bySize = Comparator.comparingInt(TargetSize::count);
		PriorityQueue<TargetSize> largest = new PriorityQueue<>(bySize);
		this.rosters.forEach((target, roster) -> {
			if (target.kind() == kind && limit > 0) {
				largest.add(new TargetSize(target.name(), roster.members.size(), roster.users.size()));
				if (largest.size() > limit) {
					largest.poll();
				}
			}
		});
		List<TargetSize> sorted = new ArrayList<>(largest);
		sorted.sort(bySize.reversed().thenComparing(TargetSize::name));
		return sorted;
	}

	/**
	 * Call the action for every member of every target.
	 * @param action receives the target and the member
	 */
	public void forEach(BiConsumer<Target, Member> action) {
		this.rosters.forEach((target, roster) -> roster.members.values().forEach((member) -> action.accept(target, member)));
	}

	/**
	 * Return the number of targets with members.
	 * @return the number of targets
	 */
	public int targets() {
		return this.rosters.size();
	}

	/**
	 * Return the number of memberships: one per member of each target.
	 * @return the number of memberships
	 */
	public long memberships() {
		return this.memberships;
	}

	private static final class Roster {

		private final Map<String, Member> members = new LinkedHashMap<>();

		private final Map<String, Integer> users = new HashMap<>();

	}

}
