package io.github.eventsource.broadcast;

import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.core.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * One stream of a {@link Channel}: either live, skipping the events its replay already
 * gave it, or pending, holding live events aside until its replay is read.
 * <p>
 * Not thread-safe: guarded by its channel's lock.
 */
final class Subscriber {

	private final OutboundStream stream;

	private long replayedUpTo = Long.MIN_VALUE;

	private @Nullable List<Held> held;

	private Subscriber(OutboundStream stream, @Nullable List<Held> held) {
		this.stream = stream;
		this.held = held;
	}

	static Subscriber live(OutboundStream stream) {
		return new Subscriber(stream, null);
	}

	static Subscriber pending(OutboundStream stream) {
		return new Subscriber(stream, new ArrayList<>());
	}

	/**
	 * Queue a frame, hold it while pending, or skip it if the replay included it.
	 * @param frame the encoded event
	 * @param position the event's position in its target's order
	 * @return whether the frame was queued or held
	 */
	boolean offer(byte[] frame, long position) {
		List<Held> held = this.held;
		if (held != null) {
			held.add(new Held(frame, position));
			return true;
		}
		return position > this.replayedUpTo && this.stream.offer(frame);
	}

	/**
	 * Queue the replayed frames, then the held ones that came after them, and go live.
	 * @param replayed the replayed frames, oldest first
	 * @param replayedUpTo the position of the last replayed event
	 */
	void start(List<byte[]> replayed, long replayedUpTo) {
		replayed.forEach(this.stream::offer);
		this.replayedUpTo = replayedUpTo;
		List<Held> held = this.held;
		this.held = null;
		if (held != null) {
			held.forEach((event) -> offer(event.frame(), event.position()));
		}
	}

	private record Held(byte[] frame, long position) {
	}

}
