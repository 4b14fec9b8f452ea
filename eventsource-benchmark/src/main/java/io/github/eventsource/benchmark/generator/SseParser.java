package io.github.eventsource.benchmark.generator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Parses the bytes of a {@code text/event-stream} as the WHATWG spec says: lines end
 * with CR, LF or CRLF (also across reads), {@code data:} lines are joined with LF, one
 * space after the colon is dropped, a blank line dispatches the event, {@code :} lines
 * are comments. Not thread-safe: one parser per stream.
 */
final class SseParser {

	private final Listener listener;

	private byte[] line = new byte[128];

	private int lineLength;

	private boolean afterCr;

	private final StringBuilder data = new StringBuilder(64);

	private boolean hasData;

	private @Nullable String id;

	SseParser(Listener listener) {
		this.listener = listener;
	}

	/**
	 * Parse the bytes between the buffer's position and limit, consuming them.
	 * @param bytes the bytes
	 */
	void parse(ByteBuffer bytes) {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			if (b == '\n' && this.afterCr) {
				this.afterCr = false;
				continue;
			}
			this.afterCr = (b == '\r');
			if (b == '\n' || b == '\r') {
				endLine();
			}
			else {
				if (this.lineLength == this.line.length) {
					this.line = Arrays.copyOf(this.line, this.line.length * 2);
				}
				this.line[this.lineLength++] = b;
			}
		}
	}

	private void endLine() {
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			dispatch();
			return;
		}
		if (this.line[0] == ':') {
			this.listener.comment();
			return;
		}
		int colon = indexOf(':', length);
		int nameEnd = (colon < 0) ? length : colon;
		int valueStart = (colon < 0) ? length : colon + 1;
		if (valueStart < length && this.line[valueStart] == ' ') {
			valueStart++;
		}
		String value = new String(this.line, valueStart, length - valueStart, StandardCharsets.UTF_8);
		if (isField("data", nameEnd)) {
			this.data.append(value).append('\n');
			this.hasData = true;
		}
		else if (isField("id", nameEnd) && value.indexOf('\0') < 0) {
			this.id = value;
		}
	}

	private void dispatch() {
		if (this.hasData) {
			this.data.setLength(this.data.length() - 1);
			this.listener.event(this.id, this.data.toString());
		}
		this.data.setLength(0);
		this.hasData = false;
	}

	private int indexOf(char c, int length) {
		for (int i = 0; i < length; i++) {
			if (this.line[i] == c) {
				return i;
			}
		}
		return -1;
	}

	private boolean isField(String name, int nameEnd) {
		if (nameEnd != name.length()) {
			return false;
		}
		for (int i = 0; i < nameEnd; i++) {
			if (this.line[i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Told what the stream carried, on the parsing thread.
	 */
	interface Listener {

		/**
		 * A comment line.
		 */
		void comment();

		/**
		 * An event was dispatched.
		 * @param lastEventId the last event id of the stream, or {@code null} if none yet
		 * @param data the data, its lines joined with LF
		 */
		void event(@Nullable String lastEventId, String data);

	}

}
