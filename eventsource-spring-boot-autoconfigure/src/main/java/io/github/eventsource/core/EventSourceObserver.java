package io.github.eventsource.core;

/**
 * Told what happens to streams, for metrics. Every method has an empty default, and is
 * called on the thread where the thing happened: it must be fast and must not throw.
 * <p>
 * {@code endpoint} is always the endpoint's path pattern (such as {@code /rooms/{room}}),
 * never a concrete path or a user.
 * <p>
 * Each stream as a whole, and each send of the {@code EventSourceTemplate}, is also a
 * Micrometer observation ({@code eventsource.stream}, {@code eventsource.send}), with the
 * {@link StreamOutcome} that ended the stream; this observer is told, besides, what
 * happens per write, per dropped or replayed event and per heartbeat.
 *
 * @since 0.1.0
 */
public interface EventSourceObserver {

	/**
	 * An observer that does nothing.
	 */
	EventSourceObserver NONE = new EventSourceObserver() {
	};

	/**
	 * An endpoint path pattern was mapped, once per pattern at startup, before any of its
	 * streams opens.
	 * @param endpoint the endpoint path pattern
	 */
	default void mapped(String endpoint) {
	}

	/**
	 * A stream opened.
	 * @param endpoint the endpoint path pattern
	 */
	default void opened(String endpoint) {
	}

	/**
	 * A request was refused and no stream opened.
	 * @param endpoint the endpoint path pattern
	 * @param reason why: {@link RefusalReason#CHECK} or {@link RefusalReason#LIMIT}
	 */
	default void refused(String endpoint, RefusalReason reason) {
	}

	/**
	 * A stream closed.
	 * @param endpoint the endpoint path pattern
	 * @param openNanos how long it was open, in nanoseconds
	 */
	default void closed(String endpoint, long openNanos) {
	}

	/**
	 * Events were written to a client in one write. Not called for writes that hold
	 * only heartbeats or the opening {@code retry:} field.
	 * @param endpoint the endpoint path pattern
	 * @param events the number of events (and comments) written, heartbeats not counted
	 * @param waitedNanos how long the oldest queued frame waited between {@code send} and
	 * the write, in nanoseconds
	 */
	default void written(String endpoint, int events, long waitedNanos) {
	}

	/**
	 * An event was dropped, or a stream disconnected, because a client's buffer was full.
	 * @param endpoint the endpoint path pattern
	 * @param policy the policy that applied
	 */
	default void overflowed(String endpoint, OverflowPolicy policy) {
	}

	/**
	 * Missed events were replayed to a reconnecting client, or it was sent the reset
	 * event.
	 * @param endpoint the endpoint path pattern
	 * @param outcome {@link ReplayOutcome#REPLAYED} or {@link ReplayOutcome#RESET}
	 * @param events the number of events replayed
	 */
	default void replayed(String endpoint, ReplayOutcome outcome, int events) {
	}

	/**
	 * A heartbeat was queued for an idle stream.
	 * @param endpoint the endpoint path pattern
	 */
	default void heartbeat(String endpoint) {
	}

	/**
	 * Why a request was refused.
	 */
	enum RefusalReason {

		/**
		 * The {@code @CheckConnection} method refused it.
		 */
		CHECK,

		/**
		 * A connection limit was reached.
		 */
		LIMIT

	}

}
