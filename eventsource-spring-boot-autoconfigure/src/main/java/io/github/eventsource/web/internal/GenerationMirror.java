package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the generations of resumable endpoints are shared with the other instances of a
 * cluster: one instance claims a path and runs its generation, appending every event;
 * the others follow it by reading what was appended, up to its end.
 * <p>
 * Implementations are thread-safe; {@link #append}, {@link #end}, {@link #hasRoom} and
 * {@link #renew} never wait on the network, the other methods may.
 */
public interface GenerationMirror {

	/**
	 * How long the claim of a running generation, and its events, are kept without being
	 * renewed: the time after which the path of an instance that died starts anew even if
	 * no instance saw it stop renewing.
	 */
	Duration LEASE = Duration.ofSeconds(30);

	/**
	 * Claim a path for a new generation.
	 * @param path the concrete path
	 * @param key the key of the new generation
	 * @return {@code null} if this instance now runs the path's generation, else the key
	 * of the generation another instance runs
	 */
	@Nullable String claim(String path, String key);

	/**
	 * Append an event of a generation this instance runs, in order, without waiting.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param position the event's position in the generation, from 0
	 * @param id the event's id
	 * @param frame the encoded event
	 */
	void append(String path, String key, long position, String id, byte[] frame);

	/**
	 * Mark the end of a generation this instance runs, after its last event, and keep it
	 * for the retention period.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param position the position of the end: the number of events
	 * @param retention how long the ended generation is kept
	 */
	void end(String path, String key, long position, Duration retention);

	/**
	 * Return whether the events that wait to be shared leave room for more; if not, run
	 * the given task once they do. The source of a generation waits meanwhile: every
	 * event reaches the other instances.
	 * @param whenRoom the task to run once there is room again
	 * @return whether there is room now
	 */
	boolean hasRoom(Runnable whenRoom);

	/**
	 * Renew the claims of the generations this instance runs for another {@link #LEASE},
	 * and count the renewal of each, in one step.
	 * @param running the generations
	 */
	void renew(List<Claim> running);

	/**
	 * Read the events of generations from their positions on, in one step; of each, a
	 * bounded number.
	 * @param positions the generations and their positions
	 * @return of each generation, in the same order, its events, its state after them and
	 * the count of the running instance's renewals
	 */
	List<Appended> read(List<Position> positions);

	/**
	 * Give up the claim of a generation whose instance stopped renewing it, so that the
	 * next stream of the path starts a new one; nothing happens if it renewed meanwhile.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param renewals the count of renewals last read
	 * @return whether the generation is gone: released now, or claimed by another
	 */
	boolean release(String path, String key, String renewals);

	/**
	 * Say that streams of this instance listen to a generation.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param period how long that holds unless said again
	 */
	void listened(String path, String key, Duration period);

	/**
	 * Return whether streams of any instance listen to a generation.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @return whether some instance said so within its period
	 */
	boolean isListened(String path, String key);

	/**
	 * Events of a generation, read from a position on.
	 *
	 * @param events the events, oldest first
	 * @param state the state of the generation after them
	 * @param renewals the count of renewals of the claim by the running instance, which
	 * stops moving when that instance dies
	 */
	record Appended(List<Event> events, State state, String renewals) {
	}

	/**
	 * The position from which to read a generation.
	 *
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param from the position of the first event to read, from 0
	 */
	record Position(String path, String key, int from) {
	}

	/**
	 * The claim of a path by a generation.
	 *
	 * @param path the concrete path
	 * @param key the generation's key
	 */
	record Claim(String path, String key) {
	}

	/**
	 * The state of a generation another instance runs.
	 */
	enum State {

		/**
		 * It runs: more events may come.
		 */
		RUNNING,

		/**
		 * It ended after the events read.
		 */
		ENDED,

		/**
		 * Its instance died or could not share all of its events: its streams end with
		 * the error event.
		 */
		LOST

	}

	/**
	 * One event of a generation.
	 *
	 * @param id the event's id
	 * @param frame the encoded event
	 */
	record Event(String id, byte[] frame) {
	}

}
