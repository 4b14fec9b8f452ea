package io.github.eventsource.broadcast.internal;

import java.util.List;

import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.OutboundStream;

/**
 * What a stream missed after its last event id, read from the histories of its targets
 * and merged in timeline order.
 *
 * @param outcome what happened to the last event id
 * @param frames the frames to send first, oldest first: the missed events of a
 * {@code REPLAYED}; for a {@code RESET}, none as read from the histories, the reset event
 * once the session adds it, followed by what a resumable generation holds; for a
 * {@code NONE}, none, or a resumable generation from its start
 * @param upTo the position up to which the read covered the timeline: live events at or
 * before it were in the read, or {@link OutboundStream#NOTHING_REPLAYED}
 */
public record Replay(ReplayOutcome outcome, List<byte[]> frames, long upTo) {

	/**
	 * Nothing replayed: the stream sent no last event id, or none of its targets keeps a
	 * history.
	 */
	public static final Replay NONE = new Replay(ReplayOutcome.NONE, List.of(), OutboundStream.NOTHING_REPLAYED);

	/**
	 * The last event id is unknown, or older than what the histories still hold.
	 */
	public static final Replay RESET = new Replay(ReplayOutcome.RESET, List.of(), OutboundStream.NOTHING_REPLAYED);

	/**
	 * Return a reset that sends the given reset event.
	 * @param resetFrame the encoded reset event
	 * @return the reset
	 */
	public static Replay reset(byte[] resetFrame) {
		return new Replay(ReplayOutcome.RESET, List.of(resetFrame), OutboundStream.NOTHING_REPLAYED);
	}

}
