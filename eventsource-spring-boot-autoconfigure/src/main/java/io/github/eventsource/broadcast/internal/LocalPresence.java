package io.github.eventsource.broadcast.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import org.jspecify.annotations.Nullable;

/**
 * {@link PresenceTracker} of the streams of this instance, in memory.
 * <p>
 * Thread-safe. One lock orders the changes and their announcements, so that every stream
 * of a path gets the {@code joined} and {@code left} events in the order of the changes,
 * each with the count right after it, and a joining stream gets its snapshot before the
 * events of every later change.
 */
public final class LocalPresence implements PresenceTracker {

	private final String instance = UUID.randomUUID().toString();

	private final ReentrantLock lock = new ReentrantLock();

	private final Rosters rosters = new Rosters();

	private final PresenceAnnouncer announcer;

	private final Clock clock;

	/**
	 * Create a presence.
	 * @param announcer writes the presence events
	 * @param clock stamps the time members joined
	 */
	public LocalPresence(PresenceAnnouncer announcer, Clock clock) {
		this.announcer = announcer;
		this.clock = clock;
	}

	@Override
	public void join(Target target, String session, @Nullable String user, boolean announce) {
		Member member = new Member(session, user, this.instance, this.clock.instant());
		this.lock.lock();
		try {
			int count = this.rosters.add(target, member);
			if (count > 0 && announce) {
				this.announcer.snapshot(session,
						this.rosters.snapshot(target, this.announcer.settings().maxMembers()));
				this.announcer.joined(target.name(), session, user, count);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void leave(Target target, String session, boolean announce) {
		this.lock.lock();
		try {
			Member member = this.rosters.remove(target, session);
			if (member != null && announce) {
				this.announcer.left(target.name(), session, member.user(), this.rosters.count(target));
			}
		}
		finally {
			this.lock.unlock();
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

	private Snapshot snapshot(Target target, int maxMembers) {
		this.lock.lock();
		try {
			return this.rosters.snapshot(target, maxMembers);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public List<TargetSize> largest(Kind kind, int limit) {
		this.lock.lock();
		try {
			return this.rosters.largest(kind, limit);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int localTargets() {
		this.lock.lock();
		try {
			return this.rosters.targets();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long localMemberships() {
		this.lock.lock();
		try {
			return this.rosters.memberships();
		}
		finally {
			this.lock.unlock();
		}
	}

}
