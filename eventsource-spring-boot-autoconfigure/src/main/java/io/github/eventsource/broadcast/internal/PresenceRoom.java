package io.github.eventsource.broadcast.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceChange;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceCount;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * The presence of one path or group on this instance: its members here, in the order
 * they joined, the number of streams of each user, and the announcements of its changes
 * to the streams of the path.
 * <p>
 * Thread-safe, with a lock of its own: no I/O, no user code and no other room's lock
 * under it. A change and the announcements it causes happen together under the lock:
 * an announcement only appends to the log of the path (or to the joining stream's own
 * queue) and wakes its readers, so every stream of the path gets the events in the order
 * of the changes, each with the count right after it, and a joining stream's snapshot
 * comes before the events of every later change; a write that fails ends its stream on
 * the stream's writer, never here, so a leave never recurses.
 * <p>
 * Announcing is coalesced above {@code eventsource.presence.coalesce-above} members: the room
 * then only records that it changed, and {@link #announceCounts} (called by a scheduled
 * task) sends one count event to every stream, or a fresh snapshot for every stream
 * when the room went back to the threshold or below, after which every change is
 * announced again.
 * <p>
 * A room with no member here is retired (removed from its {@link PresenceTracker}); a
 * retired room takes no more members, and its callers use a new one.
 */
public final class PresenceRoom {

	private final Target target;

	private final PresenceTracker owner;

	private final Announcements announcements;

	private final PresenceSettings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Entry> members = new LinkedHashMap<>();

	private final Map<String, Integer> users = new HashMap<>();

	private volatile int count;

	private volatile int userCount;

	private boolean retired;

	private boolean coalesced;

	private boolean dirty;

	private volatile int lastCount;

	private volatile int lastUsers;

	/**
	 * Create a room.
	 * @param target the path or group
	 * @param owner tells of the changes of the members here, is told of a coalesced
	 * change, once per interval at most, and removes the room once it is empty
	 */
	PresenceRoom(Target target, PresenceTracker owner) {
		this.target = target;
		this.owner = owner;
		this.announcements = owner.announcements();
		this.settings = this.announcements.settings();
	}

	/**
	 * Return the path or group.
	 * @return the target
	 */
	public Target target() {
		return this.target;
	}

	/**
	 * Return the number of members here; read without the lock.
	 * @return the number of members
	 */
	int count() {
		return this.count;
	}

	/**
	 * Return the number of distinct users of the members here; read without the lock.
	 * @return the number of users
	 */
	int users() {
		return this.userCount;
	}

	/**
	 * Add a member, and tell the {@link PresenceTracker#changedHere owner} under the lock.
	 * @param session the session id
	 * @param member the member, with its opaque id
	 * @param announce whether the streams of the path are told of its changes
	 * @return {@code false} if the room was retired, else {@code true}, whether the
	 * session was added or there already
	 */
	boolean join(String session, Member member, boolean announce) {
		this.lock.lock();
		try {
			if (this.retired) {
				return false;
			}
			Entry entry = new Entry(member, announce);
			if (this.members.putIfAbsent(session, entry) == null) {
				counted(true, session, entry);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a member, and tell the {@link PresenceTracker#changedHere owner} under the
	 * lock; retire the room once it is empty, removing it from its owner before any join
	 * can see it retired.
	 * @param session the session id, which may not be here
	 */
	void leave(String session) {
		this.lock.lock();
		try {
			Entry entry = this.members.remove(session);
			if (entry == null) {
				return;
			}
			counted(false, session, entry);
			if (this.members.isEmpty()) {
				this.retired = true;
				this.owner.retired(this);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Announce a change of a member of this instance to the streams of the path: the
	 * snapshot to a joining stream, then its {@code joined} or {@code left} event (or,
	 * coalesced, mark the room changed). Called under the lock.
	 * @param joined whether the member joined, else left
	 * @param session the session id
	 * @param member the member
	 */
	void announce(boolean joined, String session, Member member) {
		changed(joined, member.id(), member.user(), this.count, this.userCount, session,
				joined ? snapshot(this.settings.maxMembers()) : null);
	}

	/**
	 * Announce a change told by another instance of a cluster, with the counts of every
	 * instance: its {@code joined} or {@code left} event (or, coalesced, mark the room
	 * changed), after the snapshot for the joining stream if it is a stream of this
	 * instance.
	 * @param joined whether the member joined, else left
	 * @param id the member's opaque id
	 * @param user the member's principal name, or {@code null}
	 * @param count the number of streams of the target on every instance after the change
	 * @param users the number of their distinct users
	 * @param session the joining stream of this instance that gets the snapshot, or
	 * {@code null}
	 * @param snapshot its snapshot, or {@code null}
	 */
	public void changedElsewhere(boolean joined, String id, @Nullable String user, int count, int users,
			@Nullable String session, @Nullable Snapshot snapshot) {
		this.lock.lock();
		try {
			if (this.retired) {
				// no stream of this instance is a member any more
				return;
			}
			changed(joined, id, user, count, users, session, snapshot);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Send the coalesced announcement of a room that changed since the last one: the
	 * counts for every stream while the room has more members than the threshold, else
	 * a snapshot for every stream, after which each change is announced again. Does
	 * nothing for a room that did not change.
	 * @param snapshot the snapshot to send when the room is back under the threshold:
	 * read by the caller (from Redis in a cluster, outside the lock), or {@code null}
	 * for the room's own members
	 */
	void announceCounts(@Nullable Snapshot snapshot) {
		this.lock.lock();
		try {
			if (!this.dirty) {
				return;
			}
			this.dirty = false;
			String path = this.target.name();
			int count = this.lastCount;
			int users = this.lastUsers;
			if (count > this.settings.coalesceAbove()) {
				this.announcements.toPath(path, this.settings.countEvent(), new PresenceCount(count, users));
			}
			else {
				this.coalesced = false;
				this.announcements.toPath(path, this.settings.snapshotEvent(),
						(snapshot != null) ? snapshot : snapshot(this.settings.maxMembers()));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether the room's last known count is at or under the threshold: its next
	 * coalesced announcement is then a snapshot. Read without the lock.
	 * @return whether the next coalesced announcement is a snapshot
	 */
	boolean backUnderThreshold() {
		return this.lastCount <= this.settings.coalesceAbove();
	}

	/**
	 * Return the counts and the first members here.
	 * @param maxMembers the maximum number of members
	 * @return the snapshot
	 */
	Snapshot snapshotOfMembers(int maxMembers) {
		this.lock.lock();
		try {
			return snapshot(maxMembers);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Call the action for every member here, under the room's lock: the action must be
	 * quick and do no I/O.
	 * @param action receives each member
	 */
	public void forEach(MemberAction action) {
		this.lock.lock();
		try {
			this.members.forEach(
					(session, entry) -> action.accept(session, entry.member, entry.announce, entry.confirmed));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Note that a member is known to the others (its change reached Redis).
	 * @param session the session id
	 */
	public void confirm(String session) {
		this.lock.lock();
		try {
			Entry entry = this.members.get(session);
			if (entry != null) {
				entry.confirmed = true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Count a member that joined or left, and tell the owner. Called under the lock.
	 */
	private void counted(boolean joined, String session, Entry entry) {
		String user = entry.member.user();
		if (user != null) {
			this.users.merge(user, joined ? 1 : -1, (streams, change) -> (streams + change > 0) ? streams + change : null);
		}
		this.count = this.members.size();
		this.userCount = this.users.size();
		this.owner.changedHere(this, joined, session, entry.member, entry.announce);
	}

	private void changed(boolean joined, String id, @Nullable String user, int count, int users,
			@Nullable String session, @Nullable Snapshot snapshot) {
		if (session != null && snapshot != null) {
			this.announcements.toStream(session, this.settings.snapshotEvent(), snapshot);
		}
		this.lastCount = count;
		this.lastUsers = users;
		if (this.coalesced || count > this.settings.coalesceAbove()) {
			this.coalesced = true;
			if (!this.dirty) {
				this.dirty = true;
				this.owner.coalesced(this);
			}
			return;
		}
		this.announcements.toPath(this.target.name(), joined ? this.settings.joinedEvent() : this.settings.leftEvent(),
				new PresenceChange(id, user, count));
	}

	private Snapshot snapshot(int maxMembers) {
		List<Member> first = this.members.values()
			.stream()
			.limit(Math.max(maxMembers, 0))
			.map((entry) -> entry.member)
			.toList();
		return new Snapshot(this.members.size(), this.users.size(), first);
	}

	/**
	 * Receives the members of a room.
	 */
	@FunctionalInterface
	public interface MemberAction {

		/**
		 * Receive one member.
		 * @param session the session id
		 * @param member the member
		 * @param announce whether its changes are announced
		 * @param confirmed whether its change reached Redis
		 */
		void accept(String session, Member member, boolean announce, boolean confirmed);

	}

	private static final class Entry {

		private final Member member;

		private final boolean announce;

		private boolean confirmed;

		Entry(Member member, boolean announce) {
			this.member = member;
			this.announce = announce;
		}

	}

}
