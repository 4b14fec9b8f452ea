package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import org.jspecify.annotations.Nullable;

/**
 * {@link PresenceTracker} of the streams of this instance, in memory.
 * <p>
 * Thread-safe, without a lock of its own: each path or group is a {@link PresenceRoom}
 * with its own lock, under which a change and its announcements (appended to the log of
 * the path, never written) happen together, so that every stream of a path gets the
 * {@code joined} and {@code left} events in the order of the changes, each with the count
 * right after it, and a joining stream gets its snapshot before the events of every
 * later change. Above the coalescing threshold a room sends its counts at most
 * once per {@link #announceCounts() interval} instead.
 */
public final class LocalPresence implements PresenceTracker {

	private final String instance = UUID.randomUUID().toString();

	private final PresenceRooms rooms;

	private final Clock clock;

	/**
	 * Create a presence.
	 * @param announcer writes the presence events
	 * @param clock stamps the time members joined
	 */
	public LocalPresence(Announcements announcer, Clock clock) {
		this.rooms = new PresenceRooms(announcer, new MemberIds(), true);
		this.clock = clock;
	}

	@Override
	public void join(Target target, String session, @Nullable String user, boolean announce) {
		this.rooms.join(target, session, user, this.instance, this.clock.instant(), announce, null);
	}

	@Override
	public void leave(Target target, String session, boolean announce) {
		this.rooms.leave(target, session, announce, null);
	}

	@Override
	public void announceCounts() {
		this.rooms.announceCounts((room) -> null);
	}

	@Override
	public Snapshot ofPath(String path, int maxMembers) {
		return this.rooms.snapshot(Target.path(path), maxMembers);
	}

	@Override
	public Snapshot ofGroup(String group, int maxMembers) {
		return this.rooms.snapshot(Target.group(group), maxMembers);
	}

	@Override
	public List<TargetSize> largest(Kind kind, int limit) {
		return this.rooms.largest(kind, limit);
	}

	@Override
	public int localTargets() {
		return this.rooms.targets();
	}

	@Override
	public long localMemberships() {
		return this.rooms.memberships();
	}

}
