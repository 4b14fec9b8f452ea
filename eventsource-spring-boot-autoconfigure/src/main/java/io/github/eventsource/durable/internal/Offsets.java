package io.github.eventsource.durable.internal;

import io.github.eventsource.durable.DurableStreamException;

/**
 * The protocol's offsets: a byte position of a stream, written as 16 decimal digits so
 * that offsets compare lexicographically as positions do; {@code -1} and {@code now} are
 * the protocol's sentinels for the start and the tail.
 */
final class Offsets {

	/**
	 * The parsed value of the {@code now} sentinel.
	 */
	static final long NOW = -2;

	private static final int DIGITS = 16;

	private Offsets() {
	}

	/**
	 * Write a position as an offset.
	 * @param position the byte position
	 * @return the offset
	 */
	static String format(long position) {
		String digits = Long.toString(position);
		return "0".repeat(Math.max(0, DIGITS - digits.length())) + digits;
	}

	/**
	 * Parse an offset of a request.
	 * @param offset the offset, {@code -1}, {@code now} or one this server wrote
	 * @return the position, {@code 0} for {@code -1}, {@link #NOW} for {@code now}
	 * @throws DurableStreamException with {@code 400} if it is none of these
	 */
	static long parse(String offset) {
		if (offset.equals("-1")) {
			return 0;
		}
		if (offset.equals("now")) {
			return NOW;
		}
		if (offset.length() != DIGITS) {
			throw malformed(offset);
		}
		for (int i = 0; i < DIGITS; i++) {
			char c = offset.charAt(i);
			if (c < '0' || c > '9') {
				throw malformed(offset);
			}
		}
		return Long.parseLong(offset);
	}

	private static DurableStreamException malformed(String offset) {
		String shown = (offset.length() > 40) ? offset.substring(0, 40) + "..." : offset;
		return new DurableStreamException(400, "Malformed offset '" + shown + "'");
	}

}
