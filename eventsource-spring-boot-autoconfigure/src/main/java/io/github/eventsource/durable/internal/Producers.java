package io.github.eventsource.durable.internal;

import java.util.HashMap;
import java.util.Map;

import io.github.eventsource.durable.DurableStreamException;
import org.jspecify.annotations.Nullable;

/**
 * The idempotent producers of one stream: per producer id, its epoch and the last
 * sequence number it appended, checked as the protocol says (a stale epoch is fenced
 * with {@code 403}, a new epoch starts at sequence 0, a repeated sequence is a duplicate,
 * a gap is {@code 409}). Not thread-safe: its stream's lock guards it; bounded in the
 * number of producers it remembers.
 */
final class Producers {

	private static final int MAX_PRODUCERS = 1024;

	private final Map<String, State> states = new HashMap<>();

	/**
	 * Check an append of a producer, without recording it.
	 * @param producer the producer's headers
	 * @return whether the append is a duplicate of one already appended
	 * @throws DurableStreamException if the protocol refuses it
	 */
	boolean isDuplicate(Producer producer) {
		State state = this.states.get(producer.id());
		if (state == null || producer.epoch() > state.epoch) {
			if (producer.seq() != 0) {
				if (state == null) {
					throw gap(0, producer.seq());
				}
				throw new DurableStreamException(400, "A new producer epoch must start at sequence 0");
			}
			return false;
		}
		if (producer.epoch() < state.epoch) {
			throw staleEpoch(state.epoch);
		}
		if (producer.seq() <= state.lastSeq) {
			return true;
		}
		if (producer.seq() > state.lastSeq + 1) {
			throw gap(state.lastSeq + 1, producer.seq());
		}
		return false;
	}

	/**
	 * Record an append {@link #isDuplicate(Producer) checked} and done.
	 * @param producer the producer's headers
	 */
	void appended(Producer producer) {
		State state = this.states.get(producer.id());
		if (state == null) {
			if (this.states.size() >= MAX_PRODUCERS) {
				this.states.keySet().remove(this.states.keySet().iterator().next());
			}
			state = new State();
			this.states.put(producer.id(), state);
		}
		state.epoch = producer.epoch();
		state.lastSeq = producer.seq();
	}

	/**
	 * Return the last sequence number the producer appended in its epoch.
	 * @param producer the producer's headers
	 * @return the sequence number, or the producer's own if it is unknown
	 */
	long lastSeq(Producer producer) {
		State state = this.states.get(producer.id());
		return (state != null) ? state.lastSeq : producer.seq();
	}

	/**
	 * Return the refusal of an append whose epoch is older than the producer's.
	 * @param epoch the producer's current epoch
	 * @return the exception, with {@code 403}
	 */
	static DurableStreamException staleEpoch(long epoch) {
		return new DurableStreamException(403, "Stale producer epoch", Map.of("Producer-Epoch", Long.toString(epoch)));
	}

	/**
	 * Return the refusal of an append that skips sequence numbers.
	 * @param expected the sequence number expected
	 * @param received the one received
	 * @return the exception, with {@code 409}
	 */
	static DurableStreamException gap(long expected, long received) {
		return new DurableStreamException(409, "Producer sequence gap", Map.of("Producer-Expected-Seq",
				Long.toString(expected), "Producer-Received-Seq", Long.toString(received)));
	}

	/**
	 * The producer headers of an append.
	 *
	 * @param id the producer's id
	 * @param epoch its epoch
	 * @param seq the sequence number of the append in the epoch
	 */
	record Producer(String id, long epoch, long seq) {

		private static final long MAX = (1L << 53) - 1;

		/**
		 * Parse the producer headers of a request: all three or none.
		 * @param id the {@code Producer-Id} header
		 * @param epoch the {@code Producer-Epoch} header
		 * @param seq the {@code Producer-Seq} header
		 * @return the producer, or {@code null} if none of the headers is present
		 * @throws DurableStreamException with {@code 400} if some are missing or malformed
		 */
		static @Nullable Producer of(@Nullable String id, @Nullable String epoch, @Nullable String seq) {
			if (id == null && epoch == null && seq == null) {
				return null;
			}
			if (id == null || epoch == null || seq == null || id.isEmpty()) {
				throw new DurableStreamException(400, "Producer-Id, Producer-Epoch and Producer-Seq go together");
			}
			return new Producer(id, number(epoch), number(seq));
		}

		private static long number(String value) {
			if (value.isEmpty() || value.length() > 16 || !value.chars().allMatch(Character::isDigit)
					|| (value.length() > 1 && value.charAt(0) == '0')) {
				throw new DurableStreamException(400, "Malformed producer number '" + value + "'");
			}
			long number = Long.parseLong(value);
			if (number > MAX) {
				throw new DurableStreamException(400, "Producer number out of range");
			}
			return number;
		}

	}

	private static final class State {

		private long epoch;

		private long lastSeq;

	}

}
