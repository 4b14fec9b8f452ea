package io.github.eventsource.presence;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Tells who is connected to a concrete endpoint path or to a group: the number of open
 * streams, the number of distinct users, and some of the members.
 * <p>
 * Without cluster mode the answer covers the streams of this instance; in cluster mode
 * ({@code eventsource.cluster.mode=redis}) those of every instance, read from Redis,
 * where the members of an instance that stopped renewing its presence (killed, cut off)
 * are removed once {@code eventsource.cluster.redis.presence-expiry} has passed.
 * <p>
 * Thread-safe. The counts cost the same whatever their size; only the members asked for
 * are read. In cluster mode each call makes one round trip to Redis and throws a
 * {@link org.springframework.dao.DataAccessException} when Redis cannot be reached.
 *
 * @since 0.1.0
 */
public interface EventSourcePresence {

	/**
	 * Return who is connected to a concrete endpoint path.
	 * @param path the concrete path, such as {@code /rooms/42}
	 * @param maxMembers the maximum number of members to return; zero for counts only
	 * @return the snapshot
	 */
	Snapshot ofPath(String path, int maxMembers);

	/**
	 * Return who is in a group: the streams that joined it.
	 * @param group the group name
	 * @param maxMembers the maximum number of members to return; zero for counts only
	 * @return the snapshot
	 */
	Snapshot ofGroup(String group, int maxMembers);

	/**
	 * Who is connected to a path or a group at one moment; also the data of the
	 * {@code presence} event, written as {@code {"count": n, "users": n, "members": [...]}}.
	 *
	 * @param count the number of open streams
	 * @param users the number of distinct users (principal names) of those streams;
	 * streams without a principal count for none
	 * @param members at most the number of members asked for, in no particular order
	 */
	record Snapshot(int count, int users, List<Member> members) {

		/**
		 * The snapshot of a path or group without streams.
		 */
		public static final Snapshot EMPTY = new Snapshot(0, 0, List.of());

	}

	/**
	 * One open stream of a path or a group.
	 *
	 * @param id the opaque id of the stream in this path or group: stable for the
	 * stream's life, unrelated to its id in another path or group, and never its session
	 * id (which {@code EventSourceTemplate.broadcastToSession} takes as an address)
	 * @param user the principal name, or {@code null} for an anonymous stream
	 * @param instance the id of the application instance that holds the stream
	 * @param since when the stream opened, or joined the group
	 */
	record Member(String id, @Nullable String user, String instance, Instant since) {
	}

}
