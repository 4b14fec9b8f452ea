package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the generations of resumable endpoints are shared with the other instances of a
 * cluster: one instance claims a path and runs its generation, appending every event;
 * the others follow it by reading what was appended, up to its end.
 * <p>
 * Implementations are thread-safe; {@link #append} and {@link #end} never wait on the
 * network, the other methods may.
 */
public interface GenerationMirror {

	/**
	 * Claim a path for a new generation.
	 * @param path the concrete path
	 * @param key the key of the new generation
	 * @param lease how long the claim holds unless {@link #renew renewed}
	 * @return {@code null} if this instance now runs the path's generation, else the key
	 * of the generation another instance runs
	 */
	@Nullable String claim(String path, String key, Duration lease);

	/**
	 * Append an event of a generation this instance runs, in order, without waiting.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param id the event's id
	 * @param frame the encoded event
	 */
	void append(String path, String key, String id, byte[] frame);

	/**
	 * Mark the end of a generation this instance runs, after its last event, and keep it
	 * for the retention period.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param retention how long the ended generation is kept
	 */
	void end(String path, String key, Duration retention);

	/**
	 * Renew the claim of a generation this instance runs.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param lease how long the claim holds from now
	 */
	void renew(String path, String key, Duration lease);

	/**
	 * Read the events of a generation from a position on.
	 * @param path the concrete path
	 * @param key the generation's key
	 * @param from the position of the first event to read, from 0
	 * @return the events, and whether the generation ended after them, or is gone
	 */
	Appended read(String path, String key, int from);

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
	 * @param ended whether the generation ended after them
	 */
	record Appended(List<Event> events, boolean ended) {
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
