package io.github.eventsource.broadcast.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PresenceRoom rooms} of every path and group with streams of this instance,
 * each with its own lock: changes of two targets never wait on each other, and reading
 * the counts of a target or the largest targets takes no lock at all. A room goes with
 * its last member.
 * <p>
 * Rooms above the coalescing threshold that changed are remembered until the next
 * {@link #announceCounts}, which a scheduled task calls once per interval.
 * <p>
 * Thread-safe.
 */
public final class PresenceRooms {

	private final ConcurrentMap<Target, PresenceRoom> rooms = new ConcurrentHashMap<>();

	private final Set<PresenceRoom> changed = ConcurrentHashMap.newKeySet();

	private final LongAdder memberships = new LongAdder();

	private final Announcements announcements;

	private final MemberIds ids;

	private final boolean announceItself;


	/**
	 * Create the rooms of an instance.
	 * @param announcements writes the presence events
	 * @param ids makes the opaque ids of the members
	 * @param announceItself whether each room announces the changes of its members (one
	 * instance), or only those a cluster tells it of
	 */
	public PresenceRooms(Announcements announcements, MemberIds ids, boolean announceItself) {
		this.announcements = announcements;
		this.ids = ids;
		this.announceItself = announceItself;
	}

	/**
	 * Add a stream to a path or group.
	 * @param target the path or group
	 * @param session the session id
	 * @param user the principal name, or {@code null}
	 * @param instance the id of this instance
	 * @param since when the stream joined
	 * @param announce whether the changes of the member are announced to the streams of
	 * the path
	 * @param whileLocked called with the new member under the room's lock, so that what
	 * it queues is in the order of the room's changes; quick, no I/O; or {@code null}
	 * @return the member, with its opaque id, or {@code null} if the session was there
	 * already
	 */
	public @Nullable Member join(Target target, String session, @Nullable String user, String instance,
			Instant since, boolean announce, @Nullable Consumer<Member> whileLocked) {
		Member member = new Member(this.ids.id(target, session), user, instance, since);
		while (true) {
			PresenceRoom room = this.rooms.computeIfAbsent(target, this::newRoom);
			int count = room.join(session, member, announce, whileLocked);
			if (count != PresenceRoom.RETIRED) {
				if (count < 0) {
					return null;
				}
				this.memberships.increment();
				return member;
			}
			// retired between the lookup and the join: it is gone from the map
			this.rooms.remove(target, room);
		}
	}

	/**
	 * Remove a stream from a path or group.
	 * @param target the path or group
	 * @param session the session id
	 * @param announce whether the change is announced
	 * @param whileLocked called with the member removed under the room's lock, or
	 * {@code null}
	 * @return the member removed, or {@code null} if it was not there
	 */
	public @Nullable Member leave(Target target, String session, boolean announce,
			@Nullable Consumer<Member> whileLocked) {
		PresenceRoom room = this.rooms.get(target);
		Member member = (room != null) ? room.leave(session, announce, whileLocked) : null;
		if (member != null) {
			this.memberships.decrement();
		}
		return member;
	}

	/**
	 * Return the room of a path or group, if it has streams of this instance.
	 * @param target the path or group
	 * @return the room, or {@code null}
	 */
	public @Nullable PresenceRoom room(Target target) {
		return this.rooms.get(target);
	}

	/**
	 * Return the counts of a target and its first members on this instance.
	 * @param target the path or group
	 * @param maxMembers the maximum number of members
	 * @return the snapshot
	 */
	public Snapshot snapshot(Target target, int maxMembers) {
		PresenceRoom room = this.rooms.get(target);
		return (room != null) ? room.snapshotOfMembers(maxMembers) : Snapshot.EMPTY;
	}

	/**
	 * Return the largest targets of a kind on this instance, from counts read without a
	 * lock.
	 * @param kind the kind of target
	 * @param limit the maximum number of targets
	 * @return the targets, largest first
	 */
	public List<TargetSize> largest(Kind kind, int limit) {
		Comparator<TargetSize> bySize = Comparator.comparingInt(TargetSize::count);
		PriorityQueue<TargetSize> largest = new PriorityQueue<>(bySize);
		for (PresenceRoom room : this.rooms.values()) {
			int count = room.count();
			if (room.target().kind() == kind && limit > 0 && count > 0) {
				largest.add(new TargetSize(room.target().name(), count, room.users()));
				if (largest.size() > limit) {
					largest.poll();
				}
			}
		}
		List<TargetSize> sorted = new ArrayList<>(largest);
		sorted.sort(bySize.reversed().thenComparing(TargetSize::name));
		return sorted;
	}

	/**
	 * Call the action for every room, one at a time.
	 * @param action receives each room
	 */
	public void forEach(Consumer<PresenceRoom> action) {
		this.rooms.values().forEach(action);
	}

	/**
	 * Queue the coalesced announcement of every room that changed since the last call.
	 * @param underThreshold reads the snapshot for a room whose last count is back at the
	 * threshold or under it (outside any lock), or returns {@code null} for the room's own
	 * members; if it throws, the room is announced at the next call instead
	 * @throws RuntimeException the last exception thrown by {@code underThreshold}, once
	 * every other room is announced
	 */
	public void announceCounts(Function<PresenceRoom, @Nullable Snapshot> underThreshold) {
		RuntimeException failure = null;
		for (PresenceRoom room : this.changed) {
			this.changed.remove(room);
			try {
				room.announceCounts(room.backUnderThreshold() ? underThreshold.apply(room) : null);
			}
			catch (RuntimeException ex) {
				// the room stays changed: it is announced at the next interval
				this.changed.add(room);
				failure = ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Return the number of targets with streams of this instance.
	 * @return the number of targets
	 */
	public int targets() {
		return this.rooms.size();
	}

	/**
	 * Return the number of memberships: one per member of each target.
	 * @return the number of memberships
	 */
	public long memberships() {
		return this.memberships.sum();
	}

	private PresenceRoom newRoom(Target target) {
		return new PresenceRoom(target, this.announcements, this.changed::add,
				(room) -> this.rooms.remove(target, room), this.announceItself);
	}

}
