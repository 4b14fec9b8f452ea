package io.github.eventsource.durable.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one read of a stream returned: the units read, from where to where.
 *
 * @param config the stream's configuration
 * @param streamId the stream's internal id, for entity tags
 * @param start the position the read started at
 * @param parts the units read, the first possibly cut at the start
 * @param next the position to read from next
 * @param upToDate whether the read reached the tail
 * @param closed whether the stream is closed and the read reached its end
 */
record Slice(StreamConfig config, long streamId, long start, List<byte[]> parts, long next, boolean upToDate,
		boolean closed) {

	private static final byte[] EMPTY_ARRAY = { '[', ']' };

	/**
	 * Return the body of a response: the bytes, or a JSON array of the messages.
	 * @return the body
	 */
	byte[] body() {
		if (this.config.json()) {
			return jsonArray();
		}
		if (this.parts.size() == 1) {
			return this.parts.get(0);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(size());
		for (byte[] part : this.parts) {
			body.writeBytes(part);
		}
		return body.toByteArray();
	}

	private byte[] jsonArray() {
		if (this.parts.isEmpty()) {
			return EMPTY_ARRAY;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(size() + this.parts.size() + 1);
		body.write('[');
		for (int i = 0; i < this.parts.size(); i++) {
			if (i > 0) {
				body.write(',');
			}
			body.writeBytes(this.parts.get(i));
		}
		body.write(']');
		return body.toByteArray();
	}

	/**
	 * Return the entity tag of the read.
	 * @return the tag, quoted
	 */
	String etag() {
		return "\"" + this.streamId + ":" + Offsets.format(this.start) + ":" + Offsets.format(this.next)
				+ (this.closed ? ":c" : "") + "\"";
	}

	/**
	 * Return whether nothing was read.
	 * @return whether the read is empty
	 */
	boolean isEmpty() {
		return this.parts.isEmpty();
	}

	private int size() {
		int size = 0;
		for (byte[] part : this.parts) {
			size += part.length;
		}
		return size;
	}

	/**
	 * Return the body as text, for a text stream.
	 * @return the text
	 */
	String text() {
		return new String(body(), StandardCharsets.UTF_8);
	}

}
