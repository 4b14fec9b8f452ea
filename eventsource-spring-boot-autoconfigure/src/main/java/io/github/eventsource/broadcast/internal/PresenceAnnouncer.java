package io.github.eventsource.broadcast.internal;

import io.github.eventsource.broadcast.EventSourcePresence.Snapshot;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.core.internal.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Writes the presence events to the streams of this instance: the snapshot to a stream
 * that joined a path, and {@code joined} and {@code left} to every stream of a path.
 * Presence events have no id and are kept in no history: they are never replayed, and a
 * reconnecting client gets a fresh snapshot instead.
 * <p>
 * Thread-safe; never blocks.
 */
public final class PresenceAnnouncer {

	private final ChannelRegistry channels;

	private final SessionRegistry sessions;

	private final EventEncoder encoder;

	private final PresenceSettings settings;

	/**
	 * Create an announcer.
	 * @param channels the channels of this instance
	 * @param sessions the sessions of this instance
	 * @param encoder encodes each event once
	 * @param settings the event names and the members of a snapshot
	 */
	public PresenceAnnouncer(ChannelRegistry channels, SessionRegistry sessions, EventEncoder encoder,
			PresenceSettings settings) {
		this.channels = channels;
		this.sessions = sessions;
		this.encoder = encoder;
		this.settings = settings;
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public PresenceSettings settings() {
		return this.settings;
	}

	/**
	 * Queue the snapshot event for one stream of this instance.
	 * @param session the session id
	 * @param snapshot the snapshot of its path
	 */
	public void snapshot(String session, Snapshot snapshot) {
		SessionRegistry.Registration registration = this.sessions.get(session);
		if (registration != null) {
			OutboundStream stream = registration.stream();
			if (stream.offer(this.encoder.encode(EventSourceEvent.of(this.settings.snapshotEvent(), snapshot)),
					OutboundStream.UNORDERED)) {
				stream.flush();
			}
		}
	}

	/**
	 * Queue a {@code joined} event for every stream of a path on this instance.
	 * @param path the concrete path
	 * @param session the id of the session that joined
	 * @param user its principal name, or {@code null}
	 * @param count the number of streams of the path after the change
	 */
	public void joined(String path, String session, @Nullable String user, int count) {
		deliver(path, this.settings.joinedEvent(), new PresenceChange(session, user, count));
	}

	/**
	 * Queue a {@code left} event for every stream of a path on this instance.
	 * @param path the concrete path
	 * @param session the id of the session that left
	 * @param user its principal name, or {@code null}
	 * @param count the number of streams of the path after the change
	 */
	public void left(String path, String session, @Nullable String user, int count) {
		deliver(path, this.settings.leftEvent(), new PresenceChange(session, user, count));
	}

	private void deliver(String path, String name, PresenceChange change) {
		this.channels.deliver(Target.path(path), this.encoder.encode(EventSourceEvent.of(name, change)),
				OutboundStream.UNORDERED);
	}

	/**
	 * The data of a {@code joined} or {@code left} event, written as
	 * {@code {"session": id, "user": name-or-null, "count": n}}.
	 *
	 * @param session the session id
	 * @param user the principal name, or {@code null}
	 * @param count the number of streams of the path after the change
	 */
	public record PresenceChange(String session, @Nullable String user, int count) {
	}

	/**
	 * The names of the presence events and the size of a snapshot.
	 *
	 * @param snapshotEvent the name of the event with the snapshot, sent to a stream as
	 * it joins
	 * @param joinedEvent the name of the event sent as a stream joins
	 * @param leftEvent the name of the event sent as a stream leaves
	 * @param maxMembers the maximum number of members in the snapshot event
	 */
	public record PresenceSettings(String snapshotEvent, String joinedEvent, String leftEvent, int maxMembers) {
	}

}
