package io.github.eventsource.broadcast.internal;

import java.util.List;

import io.github.eventsource.core.ReplayOutcome;
import io.github.eventsource.core.internal.OutboundStream;

/**
 * What a stream missed after its last event id: where to read the logs of its targets
 * from, and what was read elsewhere.
 *
 * @param outcome what happened to the last event id
 * @param frames the frames to send first, oldest first: the missed events read from the
 * histories of a cluster; the reset event of a {@code RESET} once the session adds it;
 * else none, the stream reads what it missed from its logs
 * @param upTo the position after which the stream reads the logs of its targets that
 * replay, skipping the entries up to it that come later, or
 * {@link OutboundStream#NOTHING_REPLAYED} to read them from where it started following
 * them
 * @param events the number of missed events
 */
public record Replay(ReplayOutcome outcome, List<byte[]> frames, long upTo, int events) {

	/**
	 * Nothing replayed: the stream sent no last event id, or none of its targets keeps a
	 * history.
	 */
	public static final Replay NONE = new Replay(ReplayOutcome.NONE, List.of(), OutboundStream.NOTHING_REPLAYED, 0);

	/**
	 * The last event id is unknown, or older than what the histories still hold.
	 */
	public static final Replay RESET = new Replay(ReplayOutcome.RESET, List.of(), OutboundStream.NOTHING_REPLAYED, 0);

	/**
	 * Return a reset that sends the given reset event.
	 * @param resetFrame the encoded reset event
	 * @return the reset
	 */
	public static Replay reset(byte[] resetFrame) {
		return new Replay(ReplayOutcome.RESET, List.of(resetFrame), OutboundStream.NOTHING_REPLAYED, 0);
	}

}
