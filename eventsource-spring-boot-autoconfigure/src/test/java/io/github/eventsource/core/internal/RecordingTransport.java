package io.github.eventsource.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.core.OverflowPolicy;

/**
 * A {@link OutboundStream.Transport} for tests that records what is written, and can be
 * made to refuse more bytes after a write (a full socket) or to fail.
 */
public final class RecordingTransport implements OutboundStream.Transport {

	/**
	 * The writes, as text.
	 */
	public final List<String> writes = new ArrayList<>();

	/**
	 * How often the response was completed.
	 */
	public int completions;

	/**
	 * Whether the transport takes more bytes after a write.
	 */
	public boolean ready = true;

	/**
	 * Whether the next write fails.
	 */
	public boolean failing;

	/**
	 * Return everything written, as one text.
	 * @return the text
	 */
	public String text() {
		return String.join("", this.writes);
	}

	@Override
	public boolean write(byte[] bytes) throws IOException {
		if (this.failing) {
			throw new IOException("Broken pipe");
		}
		this.writes.add(new String(bytes, StandardCharsets.UTF_8));
		return this.ready;
	}

	@Override
	public void complete() {
		this.completions++;
	}

	/**
	 * Return a stream on a new transport that is connected and started, so that every
	 * flush writes at once.
	 * @param transport the transport
	 * @param listener the listener
	 * @return the stream
	 */
	public static OutboundStream startedStream(RecordingTransport transport, OutboundStream.Listener listener) {
		OutboundStream stream = new OutboundStream(transport,
				new OutboundStream.Bounds(100, 1 << 20, OverflowPolicy.DISCONNECT), listener,
				Runnable::run);
		stream.writePossible();
		stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		return stream;
	}

}
