package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.presence.EventSourcePresence.Member;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis side of presence in cluster mode: the members of every path and group with
 * the instance that holds each, the expiry of each instance's presence, and the sizes of
 * the targets, changed and read by one script ({@code presence.lua}). Every call first
 * removes the members of the instances whose presence expired.
 * <p>
 * Thread-safe. Every method makes one round trip to Redis and throws a
 * {@link DataAccessException} when Redis cannot be reached or does not answer in time.
 */
final class RedisPresenceLog {

	/**
	 * The kind of the pub/sub messages that announce a change of an announced path.
	 */
	static final String PRESENCE = "PRESENCE";

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript
		.of(new ClassPathResource("presence.lua", RedisPresenceLog.class), List.class);

	private final RedisTemplate<byte[], byte[]> redis;

	private final List<byte[]> keys;

	private final List<byte[]> head;

	/**
	 * Create a log.
	 * @param connectionFactory the Redis connections of the cluster mode
	 * @param keyPrefix the prefix of the keys and of the channel
	 * @param instance the id of this instance
	 */
	RedisPresenceLog(RedisConnectionFactory connectionFactory, String keyPrefix, String instance) {
		this.redis = RedisClusterConnection.bytesTemplate(connectionFactory);
		this.keys = List.of(bytes(keyPrefix + "presence:instances"));
		this.head = List.of(bytes(keyPrefix), bytes(RedisEventLog.channel(keyPrefix)), bytes(instance));
	}

	/**
	 * Apply changes in order; each change of an announced path publishes its message.
	 * @param changes the changes
	 * @param maxMembers the maximum number of members in the snapshot of a joining
	 * stream
	 */
	void change(List<Change> changes, int maxMembers) {
		List<byte[]> args = arguments("change", changes.size() * 8 + 1);
		args.add(bytes(Integer.toString(maxMembers)));
		for (Change change : changes) {
			args.add(bytes(change.join() ? "j" : "l"));
			addMember(args, change);
			args.add(bytes(change.announce() ? "1" : "0"));
		}
		execute(args);
	}

	/**
	 * Put the members of this instance in Redis by difference, in pages: those missing
	 * are added (announced only if the others were not told of them, or were told they
	 * left as this instance expired), those present stay unannounced, and those of this
	 * instance not in the list are removed and announced.
	 * @param members every member of this instance
	 * @param pageSize the number of members per round trip
	 * @param maxMembers the maximum number of members in the snapshot of a joining
	 * stream
	 */
	void resync(List<Held> members, int pageSize, int maxMembers) {
		execute(arguments("mark", 0));
		for (int from = 0; from < members.size(); from += pageSize) {
			List<Held> page = members.subList(from, Math.min(members.size(), from + pageSize));
			List<byte[]> args = arguments("assert", page.size() * 8 + 1);
			args.add(bytes(Integer.toString(maxMembers)));
			for (Held held : page) {
				addMember(args, held.member());
				args.add(bytes(held.member().announce() ? "1" : "0"));
				args.add(bytes(held.told() ? "1" : "0"));
			}
			execute(args);
		}
		execute(arguments("sweep", 0));
	}

	private static void addMember(List<byte[]> args, Change change) {
		args.add(bytes(change.target().kind().name()));
		args.add(bytes(change.target().name()));
		args.add(bytes(change.id()));
		args.add(bytes(change.session()));
		args.add(bytes(userField(change.user())));
		args.add(bytes(Long.toString(change.since().toEpochMilli())));
	}

	/**
	 * Renew the presence of this instance.
	 * @param expiry how long it lasts without renewal
	 * @return whether this instance was not present: it is new, or its presence expired
	 * and its members were removed
	 */
	boolean renew(Duration expiry) {
		List<byte[]> args = arguments("renew", 1);
		args.add(bytes(Long.toString(expiry.toMillis())));
		List<?> result = execute(args);
		return number(result) == 1;
	}

	/**
	 * Remove every member of this instance, announcing those of announced paths, and
	 * this instance, as it stops.
	 */
	void leave() {
		execute(arguments("leave", 0));
	}

	/**
	 * Read the counts and some members of a path or group.
	 * @param target the path or group
	 * @param maxMembers the maximum number of members
	 * @return the snapshot
	 */
	Snapshot read(Target target, int maxMembers) {
		List<byte[]> args = arguments("read", 3);
		args.add(bytes(target.kind().name()));
		args.add(bytes(target.name()));
		args.add(bytes(Integer.toString(Math.max(0, maxMembers))));
		List<?> result = execute(args);
		List<Member> members = new ArrayList<>((result.size() - 2) / 2);
		for (int i = 2; i + 1 < result.size(); i += 2) {
			String[] value = text(result.get(i + 1)).split("\n", 4);
			members.add(new Member(text(result.get(i)), user(value[3]), value[0],
					Instant.ofEpochMilli(Long.parseLong(value[1]))));
		}
		return new Snapshot((int) number(result.get(0)), (int) number(result.get(1)), members);
	}

	/**
	 * Return the largest paths or groups of every instance.
	 * @param kind the kind of target
	 * @param limit the maximum number of targets
	 * @return the targets, largest first
	 */
	List<TargetSize> largest(Kind kind, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		List<byte[]> args = arguments("largest", 2);
		args.add(bytes(kind.name()));
		args.add(bytes(Integer.toString(limit)));
		List<?> result = execute(args);
		List<TargetSize> largest = new ArrayList<>(result.size() / 3);
		for (int i = 0; i + 2 < result.size(); i += 3) {
			largest.add(new TargetSize(text(result.get(i)), (int) Double.parseDouble(text(result.get(i + 1))),
					(int) number(result.get(i + 2))));
		}
		return largest;
	}

	/**
	 * Return the user field of a change or member: empty without a principal, else
	 * {@code =} and the name with backslashes and line feeds escaped.
	 * @param user the principal name, or {@code null}
	 * @return the field
	 */
	static String userField(@Nullable String user) {
		return (user != null) ? "=" + user.replace("\\", "\\\\").replace("\n", "\\n") : "";
	}

	/**
	 * Read a user field.
	 * @param field the field
	 * @return the principal name, or {@code null}
	 */
	static @Nullable String user(String field) {
		if (field.isEmpty()) {
			return null;
		}
		StringBuilder user = new StringBuilder(field.length() - 1);
		for (int i = 1; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '\\' && i + 1 < field.length()) {
				i++;
				user.append((field.charAt(i) == 'n') ? '\n' : field.charAt(i));
			}
			else {
				user.append(c);
			}
		}
		return user.toString();
	}

	private List<byte[]> arguments(String command, int more) {
		List<byte[]> args = new ArrayList<>(this.head.size() + 1 + more);
		args.addAll(this.head);
		args.add(bytes(command));
		return args;
	}

	private List<?> execute(List<byte[]> args) {
		List<?> result = this.redis.execute(SCRIPT, this.keys, args.toArray());
		if (result == null) {
			throw new IllegalStateException("The presence script returned nothing");
		}
		return result;
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof List<?> list && list.size() == 1) {
			return number(list.get(0));
		}
		return Long.parseLong(text(value));
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One stream joining or leaving a path or group.
	 *
	 * @param join whether the stream joins, else leaves
	 * @param target the path or group
	 * @param session the session id, told only to this instance with the stream's own
	 * {@code joined} message, so that it gets its snapshot
	 * @param id the opaque id of the member, its key in Redis
	 * @param user the principal name, or {@code null}
	 * @param since when the stream joined
	 * @param announce whether the path is announced
	 */
	record Change(boolean join, Target target, String session, String id, @Nullable String user, Instant since,
			boolean announce) {
	}

	/**
	 * A member of this instance, as a resync asserts it.
	 *
	 * @param member the member, as a joining change
	 * @param told whether the others were told of it already (its change reached Redis)
	 */
	record Held(Change member, boolean told) {
	}

}
