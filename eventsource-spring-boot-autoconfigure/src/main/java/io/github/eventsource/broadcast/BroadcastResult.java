package io.github.eventsource.broadcast;

/**
 * What an {@link EventSourceTemplate} call knows at once about its event: whether it was
 * accepted for delivery, and how many streams of this instance it is for.
 * <p>
 * It counts this instance's streams only, because that is all a sender can know without
 * waiting: in cluster mode ({@code eventsource.cluster.mode=redis}) the event is appended
 * to Redis off the caller's thread and read back by every instance, this one included,
 * so the streams of the other instances are reached later, and a failure in Redis is
 * known later too (it is counted in {@code eventsource.cluster.publish.failures} and
 * logged, never reported to the sender). A template call never waits for the network to
 * tell more.
 * <ul>
 * <li>{@link #accepted()} is {@code false} when the event was refused at once and reaches
 * no stream on any instance: in cluster mode when the queue to Redis is full; for
 * {@link EventSourceTemplate#broadcastToSession broadcastToSession} also when the session
 * is open on this instance and its stream refused the event (it closed or overflowed)
 * or, without cluster mode, when no such session is open. An event for a path, group or
 * user without any stream is accepted: nothing refused it, and it is kept in the history
 * of a target that replays.</li>
 * <li>{@link #localStreams()} is the number of streams of this instance the event was
 * queued for (without cluster mode, all of them) or, in cluster mode, is on its way to
 * through the Redis log. In cluster mode an accepted event may reach more streams on
 * other instances, and an accepted event for a session that is not open on this instance
 * was forwarded to the instance that holds it, if any.</li>
 * </ul>
 *
 * @param accepted whether the event was accepted for delivery; {@code false} means that
 * it reaches no stream
 * @param localStreams the number of streams of this instance the event is for: zero when
 * it was refused
 * @since 0.1.0
 */
public record BroadcastResult(boolean accepted, int localStreams) {

	/**
	 * The result of an event that was refused: it reaches no stream.
	 */
	public static final BroadcastResult REFUSED = new BroadcastResult(false, 0);

	/**
	 * Create a result.
	 * @param accepted whether the event was accepted for delivery
	 * @param localStreams the number of streams of this instance the event is for
	 * @throws IllegalArgumentException if the count is negative, or not zero for a
	 * refused event
	 */
	public BroadcastResult {
		if (localStreams < 0 || (!accepted && localStreams != 0)) {
			throw new IllegalArgumentException(
					"A result counts no negative number of streams, and none for a refused event: accepted="
							+ accepted + ", localStreams=" + localStreams);
		}
	}

	/**
	 * Return the result of an event accepted for delivery.
	 * @param localStreams the number of streams of this instance the event is for
	 * @return the result
	 * @throws IllegalArgumentException if the count is negative
	 */
	public static BroadcastResult acceptedFor(int localStreams) {
		return new BroadcastResult(true, localStreams);
	}

}
