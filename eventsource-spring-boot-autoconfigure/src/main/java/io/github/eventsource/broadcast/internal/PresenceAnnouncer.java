package io.github.eventsource.broadcast.internal;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Writes the presence events to the streams of this instance: the snapshot to a stream
 * that joined a path, {@code joined} and {@code left} to every stream of a path, and, for
 * rooms above the coalescing threshold, the count event or a fresh snapshot to every
 * stream of a path. Presence events have no id and are kept in no history: they are never
 * replayed, and a reconnecting client gets a fresh snapshot instead.
 * <p>
 * Thread-safe; never blocks.
 */
public final class PresenceAnnouncer implements Announcements {

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final PresenceSettings settings;

	/**
	 * Create an announcer.
	 * @param channels the channels of this instance
	 * @param sessions the sessions of this instance
	 * @param encoder encodes each event once
	 * @param settings the event names, the members of a snapshot and the coalescing
	 * threshold
	 */
	public PresenceAnnouncer(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder,
			PresenceSettings settings) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
		this.settings = settings;
	}

	@Override
	public PresenceSettings settings() {
		return this.settings;
	}

	@Override
	public void toStream(String session, String name, Object data) {
		SessionRegistry.Registration registration = this.sessions.get(session);
		if (registration != null) {
			registration.session().send(EventSourceEvent.of(name, data));
		}
	}

	@Override
	public void toPath(String path, String name, Object data) {
		this.channels.deliver(Target.path(path), this.encoder.encode(EventSourceEvent.of(name, data)),
				EventLog.UNORDERED);
	}

	/**
	 * The data of a {@code joined} or {@code left} event, written as
	 * {@code {"id": opaque-id, "user": name-or-null, "count": n}}.
	 *
	 * @param id the member's opaque id in the path, as in the snapshot; not the session id
	 * @param user the principal name, or {@code null}
	 * @param count the number of streams of the path after the change
	 */
	public record PresenceChange(String id, @Nullable String user, int count) {
	}

	/**
	 * The data of the coalesced count event, written as
	 * {@code {"count": n, "users": n}}.
	 *
	 * @param count the number of streams of the path
	 * @param users the number of their distinct users
	 */
	public record PresenceCount(int count, int users) {
	}

	/**
	 * The names of the presence events, the size of a snapshot and the coalescing
	 * threshold; the defaults are those of the {@code eventsource.presence.*} properties.
	 */
	public static final class PresenceSettings {

		/**
		 * The name of the event with the snapshot, sent to a stream as it joins, and to
		 * every stream as a room returns under the threshold.
		 */
		private String snapshotEvent = "presence";

		/**
		 * The name of the event sent as a stream joins.
		 */
		private String joinedEvent = "joined";

		/**
		 * The name of the event sent as a stream leaves.
		 */
		private String leftEvent = "left";

		/**
		 * The name of the coalesced event with the counts of a room above the threshold.
		 */
		private String countEvent = "presence-count";

		/**
		 * The maximum number of members in the snapshot event.
		 */
		private int maxMembers = 100;

		/**
		 * The number of streams of a path above which its changes are announced coalesced,
		 * as counts at most once per interval.
		 */
		private int coalesceAbove = 100;

		public String snapshotEvent() {
			return this.snapshotEvent;
		}

		public void setSnapshotEvent(String snapshotEvent) {
			this.snapshotEvent = snapshotEvent;
		}

		public String joinedEvent() {
			return this.joinedEvent;
		}

		public void setJoinedEvent(String joinedEvent) {
			this.joinedEvent = joinedEvent;
		}

		public String leftEvent() {
			return this.leftEvent;
		}

		public void setLeftEvent(String leftEvent) {
			this.leftEvent = leftEvent;
		}

		public String countEvent() {
			return this.countEvent;
		}

		public void setCountEvent(String countEvent) {
			this.countEvent = countEvent;
		}

		public int maxMembers() {
			return this.maxMembers;
		}

		public void setMaxMembers(int maxMembers) {
			this.maxMembers = maxMembers;
		}

		public int coalesceAbove() {
			return this.coalesceAbove;
		}

		public void setCoalesceAbove(int coalesceAbove) {
			this.coalesceAbove = coalesceAbove;
		}

	}

}
