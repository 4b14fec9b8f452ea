package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.presence.EventSourcePresence;
import org.jspecify.annotations.Nullable;

/**
 * The presence of every stream of this instance in its path and its groups, told by the
 * sessions as they open, join, leave and end, and announced as {@code joined} and
 * {@code left} events to the streams of a path that asked for it. Without cluster mode it
 * is the whole presence; the cluster mode extends it.
 * <p>
 * Each path or group with streams here is a {@link PresenceRoom}, whose own lock orders
 * its changes and their announcements: changes of two targets never wait on each other.
 * Rooms above the coalescing threshold that changed are remembered until the next
 * {@link #announceCounts()}, which a scheduled task calls once per interval. Reading the
 * counts of a target or the largest targets takes no lock.
 * <p>
 * Thread-safe; never blocks a session on the network. A stream is present in a target
 * once for each {@link #join join}, and a {@code left} event follows only the
 * {@link #leave leave} that removed it.
 */
public class PresenceTracker implements EventSourcePresence {

	private final ConcurrentMap<Target, PresenceRoom> rooms = new ConcurrentHashMap<>();

	private final Set<PresenceRoom> changed = ConcurrentHashMap.newKeySet();

	private final MemberIds ids = new MemberIds();

	private final String instance;

	private final Announcements announcements;

	private final Clock clock;

	/**
	 * Create the presence of the streams of this instance alone.
	 * @param announcements writes the presence events
	 * @param clock stamps the time members joined
	 */
	public PresenceTracker(Announcements announcements, Clock clock) {
		this(UUID.randomUUID().toString(), announcements, clock);
	}

	/**
	 * Create a presence.
	 * @param instance the id of this instance
	 * @param announcements writes the presence events
	 * @param clock stamps the time members joined
	 */
	protected PresenceTracker(String instance, Announcements announcements, Clock clock) {
		this.instance = instance;
		this.announcements = announcements;
		this.clock = clock;
	}

	/**
	 * Return the id of this instance, that of its members.
	 * @return the instance id
	 */
	protected final String instance() {
		return this.instance;
	}

	/**
	 * Add a stream to a path or a group; for an announced path, send the stream the
	 * snapshot of the path, then a {@code joined} event to every stream of the path (or,
	 * above the coalescing threshold, count the change for the next coalesced
	 * announcement). Does nothing for a stream that is there already.
	 * @param target the path or group
	 * @param session the session id
	 * @param user the principal name, or {@code null}
	 * @param announce whether the path's streams are told ({@code presence = true})
	 */
	public final void join(Target target, String session, @Nullable String user, boolean announce) {
		Member member = new Member(this.ids.id(target, session), user, this.instance, this.clock.instant());
		PresenceRoom room;
		do {
			// a room retired between the lookup and the join is gone from the map already
			room = this.rooms.computeIfAbsent(target, (key) -> new PresenceRoom(key, this));
		}
		while (!room.join(session, member, announce));
	}

	/**
	 * Remove a stream from a path or a group; if it was there and joined announced, send
	 * a {@code left} event to every stream of the path (or, above the coalescing
	 * threshold, count the change). Does nothing for a stream that is not there.
	 * @param target the path or group
	 * @param session the session id
	 */
	public final void leave(Target target, String session) {
		PresenceRoom room = this.rooms.get(target);
		if (room != null) {
			room.leave(session);
		}
	}

	@Override
	public Snapshot ofPath(String path, int maxMembers) {
		return snapshot(Target.path(path), maxMembers);
	}

	@Override
	public Snapshot ofGroup(String group, int maxMembers) {
		return snapshot(Target.group(group), maxMembers);
	}

	/**
	 * Return the counts and the first members of a path or group.
	 * @param target the path or group
	 * @param maxMembers the maximum number of members
	 * @return the snapshot, of the streams of this instance
	 */
	protected Snapshot snapshot(Target target, int maxMembers) {
		PresenceRoom room = this.rooms.get(target);
		return (room != null) ? room.snapshotOfMembers(maxMembers) : Snapshot.EMPTY;
	}

	/**
	 * Return the largest paths or groups, by number of streams.
	 * @param kind {@link Kind#PATH} or {@link Kind#GROUP}
	 * @param limit the maximum number of targets
	 * @return the targets of this instance, largest first, from counts read without a
	 * lock
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
	 * Send the coalesced announcements of the rooms above the coalescing threshold that
	 * changed since the last call: their counts, or a fresh snapshot of the room's own
	 * members for a room back at the threshold or under it. Called by a scheduled task
	 * once per {@code eventsource.presence.coalesce-interval}; never blocks on a client.
	 */
	public void announceCounts() {
		announceCounts((room) -> null);
	}

	/**
	 * Queue the coalesced announcement of every room that changed since the last call.
	 * @param underThreshold reads the snapshot for a room whose last count is back at the
	 * threshold or under it (outside any lock), or returns {@code null} for the room's own
	 * members; if it throws, the room is announced at the next call instead
	 * @throws RuntimeException the last exception thrown by {@code underThreshold}, once
	 * every other room is announced
	 */
	protected final void announceCounts(Function<PresenceRoom, @Nullable Snapshot> underThreshold) {
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
	 * Return the number of paths and groups with streams of this instance.
	 * @return the number of targets
	 */
	public final int localTargets() {
		return this.rooms.size();
	}

	/**
	 * Return the number of memberships of streams of this instance: one per stream in its
	 * path, and one per group it joined.
	 * @return the number of memberships, from counts read without a lock
	 */
	public final long localMemberships() {
		return this.rooms.values().stream().mapToLong(PresenceRoom::count).sum();
	}

	/**
	 * Tell of a change of a member of this instance, under the lock of its room, in the
	 * order of the room's changes: announce it to the streams of the path if it is
	 * announced. Overridden where others announce the changes (a cluster): quick, no I/O.
	 * @param room the room, whose lock the caller holds
	 * @param joined whether the member joined, else left
	 * @param session the session id
	 * @param member the member
	 * @param announce whether its changes are announced
	 */
	protected void changedHere(PresenceRoom room, boolean joined, String session, Member member, boolean announce) {
		if (announce) {
			room.announce(joined, session, member);
		}
	}

	/**
	 * Return the room of a path or group, if it has streams of this instance.
	 * @param target the path or group
	 * @return the room, or {@code null}
	 */
	protected final @Nullable PresenceRoom room(Target target) {
		return this.rooms.get(target);
	}

	/**
	 * Call the action for every room, one at a time.
	 * @param action receives each room
	 */
	protected final void forEachRoom(Consumer<PresenceRoom> action) {
		this.rooms.values().forEach(action);
	}

	Announcements announcements() {
		return this.announcements;
	}

	void coalesced(PresenceRoom room) {
		this.changed.add(room);
	}

	void retired(PresenceRoom room) {
		this.rooms.remove(room.target(), room);
	}

	/**
	 * The size of one path or group.
	 *
	 * @param name the path or group name
	 * @param count the number of its streams
	 * @param users the number of distinct users of its streams
	 */
	public record TargetSize(String name, int count, int users) {
	}

}
