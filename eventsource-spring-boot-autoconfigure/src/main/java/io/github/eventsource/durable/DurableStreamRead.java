package io.github.eventsource.durable;

import java.nio.charset.StandardCharsets;

/**
 * What one read of a durable stream returned.
 *
 * @param body the bytes read; for a JSON stream, a JSON array of the messages read
 * @param nextOffset the offset to read from next
 * @param upToDate whether the read reached the end of what the stream held
 * @param closed whether the stream is closed and this read reached its end
 * @since 0.1.0
 */
public record DurableStreamRead(byte[] body, String nextOffset, boolean upToDate, boolean closed) {

	/**
	 * Return the bytes read as UTF-8 text.
	 * @return the text
	 */
	public String text() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

}
