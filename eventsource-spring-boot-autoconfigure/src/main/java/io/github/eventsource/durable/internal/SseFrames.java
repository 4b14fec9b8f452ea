package io.github.eventsource.durable.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The frames of the protocol's SSE mode: a {@code data} event per read (its text one
 * {@code data:} line per line, so that no payload can end an event or start another;
 * the bytes of a binary stream in base64), each followed by a {@code control} event with
 * the next offset and the cursor.
 */
final class SseFrames {

	private SseFrames() {
	}

	/**
	 * Encode the data event of a read.
	 * @param slice the read
	 * @return the frame
	 */
	static byte[] data(Slice slice) {
		StringBuilder frame = new StringBuilder(64).append("event: data\n");
		if (slice.config().text()) {
			String text = slice.text();
			int start = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '\n' || c == '\r') {
					line(frame, text, start, i);
					if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
						i++;
					}
					start = i + 1;
				}
			}
			line(frame, text, start, text.length());
		}
		else {
			frame.append("data:").append(Base64.getEncoder().encodeToString(slice.body())).append('\n');
		}
		return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void line(StringBuilder frame, String text, int start, int end) {
		frame.append("data:");
		if (end > start && text.charAt(start) == ' ') {
			frame.append(' ');
		}
		frame.append(text, start, end).append('\n');
	}

	/**
	 * Encode a control event.
	 * @param nextOffset the offset to read from next
	 * @param cursor the cursor, or {@code null} once the stream is closed
	 * @param upToDate whether the reader reached the tail
	 * @param closed whether the stream is closed and the reader reached its end
	 * @return the frame
	 */
	static byte[] control(String nextOffset, @Nullable String cursor, boolean upToDate, boolean closed) {
		StringBuilder frame = new StringBuilder(96).append("event: control\ndata:{\"streamNextOffset\":\"")
			.append(nextOffset)
			.append('"');
		if (cursor != null && !closed) {
			frame.append(",\"streamCursor\":\"").append(cursor).append('"');
		}
		if (upToDate) {
			frame.append(",\"upToDate\":true");
		}
		if (closed) {
			frame.append(",\"streamClosed\":true");
		}
		return frame.append("}\n\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
