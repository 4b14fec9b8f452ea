package io.github.eventsource.durable.internal;

import io.github.eventsource.durable.DurableStreamException;

/**
 * The protocol's offsets: a byte position of a stream, written as two fields of 16
 * decimal digits, {@code 0000000000000000_0000000000000042}, the layout of the reference
 * server (a segment, always 0 here, and the position), so that offsets compare
 * lexicographically as positions do; {@code -1} and {@code now} are the protocol's
 * sentinels for the start and the tail.
 */
final class Offsets {

	/**
	 * The parsed value of the {@code now} sentinel.
	 */
	static final long NOW = -2;

	private static final int DIGITS = 16;

	private static final String SEGMENT = "0".repeat(DIGITS) + "_";

	private Offsets() {
	}

	/**
	 * Write a position as an offset.
	 * @param position the byte position
	 * @return the offset
	 */
	static String format(long position) {
		String digits = Long.toString(position);
		return SEGMENT + "0".repeat(Math.max(0, DIGITS - digits.length())) + digits;
	}

	/**
	 * Parse an offset of a request.
	 * @param offset the offset, {@code -1}, {@code now} or one this server wrote
	 * @return the position, {@code 0} for {@code -1}, {@link #NOW} for {@code now},
	 * {@link Long#MAX_VALUE} for an offset of another segment (past any tail)
	 * @throws DurableStreamException with {@code 400} if it is none of these
	 */
	static long parse(String offset) {
		if (offset.equals("-1")) {
			return 0;
		}
		if (offset.equals("now")) {
			return NOW;
		}
		if (offset.length() != 2 * DIGITS + 1 || offset.charAt(DIGITS) != '_') {
			throw malformed(offset);
		}
		for (int i = 0; i < offset.length(); i++) {
			char c = offset.charAt(i);
			if ((c < '0' || c > '9') && i != DIGITS) {
				throw malformed(offset);
			}
		}
		if (!offset.startsWith(SEGMENT)) {
			return Long.MAX_VALUE;
		}
		return Long.parseLong(offset, DIGITS + 1, offset.length(), 10);
	}

	private static DurableStreamException malformed(String offset) {
		String shown = (offset.length() > 40) ? offset.substring(0, 40) + "..." : offset;
		return new DurableStreamException(400, "Malformed offset '" + shown + "'");
	}

}
