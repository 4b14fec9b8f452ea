package io.github.eventsource.autoconfigure.cluster.redis;

import java.security.SecureRandom;

import org.jspecify.annotations.Nullable;

/**
 * The id a client sees for an event of a replaying target in Redis cluster mode:
 * {@code <epoch>-<position>}. The position comes from the one sequence that Redis keeps
 * for every target of the cluster, so ids order across paths, groups and users; the
 * epoch names that sequence, so that an id of another sequence (Redis was flushed, or the
 * id comes from another cluster) is recognised as foreign.
 *
 * @param epoch the epoch, lower-case letters and digits
 * @param position the position, in microseconds of Redis' clock or just after the
 * previous position
 */
record ClusterEventId(String epoch, long position) {

	private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

	private static final int EPOCH_LENGTH = 8;

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Return a new random epoch, proposed by an instance for a sequence that has none.
	 * @return the epoch
	 */
	static String newEpoch() {
		StringBuilder epoch = new StringBuilder(EPOCH_LENGTH);
		for (int i = 0; i < EPOCH_LENGTH; i++) {
			epoch.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
		}
		return epoch.toString();
	}

	/**
	 * Read an id.
	 * @param id an event id, such as a client's {@code Last-Event-ID}
	 * @return the id, or {@code null} if it is not an id of this form (an application's
	 * own id, or one of another scheme)
	 */
	static @Nullable ClusterEventId parse(String id) {
		int dash = id.indexOf('-');
		if (dash != EPOCH_LENGTH || id.length() == dash + 1 || id.length() > dash + 19) {
			return null;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean valid = (i < dash) ? DIGITS.indexOf(c) >= 0 : (i == dash || (c >= '0' && c <= '9'));
			if (!valid) {
				return null;
			}
		}
		return new ClusterEventId(id.substring(0, dash), Long.parseLong(id.substring(dash + 1)));
	}

	@Override
	public String toString() {
		return this.epoch + "-" + this.position;
	}

}
