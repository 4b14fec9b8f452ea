package io.github.eventsource.broadcast;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;

/**
 * Where events go: a concrete endpoint path, a group or a user.
 *
 * @param kind the kind of target
 * @param name the path, group or user name
 * @since 0.1.0
 */
public record Target(Kind kind, String name) {

	/**
	 * Return the target of a concrete endpoint path.
	 * @param path the path, such as {@code /rooms/42}
	 * @return the target
	 */
	public static Target path(String path) {
		return new Target(Kind.PATH, path);
	}

	/**
	 * Return the target of a group.
	 * @param group the group name
	 * @return the target
	 */
	public static Target group(String group) {
		return new Target(Kind.GROUP, group);
	}

	/**
	 * Return the target of a user.
	 * @param user the principal name
	 * @return the target
	 */
	public static Target user(String user) {
		return new Target(Kind.USER, user);
	}

}
