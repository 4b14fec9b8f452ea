package io.github.eventsource.benchmark.generator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an HTTP/1.1 response from a socket's bytes: the status line and headers, then
 * the body, de-chunked when {@code Transfer-Encoding: chunked}, handed on as it arrives.
 * Not thread-safe: one decoder per connection.
 */
final class HttpResponseDecoder {

	private static final int MAX_HEAD = 16 * 1024;

	private final StringBuilder head = new StringBuilder(256);

	private final BodyListener listener;

	private State state = State.HEAD;

	private int status;

	private long chunkRemaining;

	private final StringBuilder chunkSize = new StringBuilder(8);

	HttpResponseDecoder(BodyListener listener) {
		this.listener = listener;
	}

	/**
	 * Decode the bytes between the buffer's position and limit.
	 * @param bytes the bytes read
	 * @return whether the response goes on; {@code false} once it ended or was malformed
	 */
	boolean decode(ByteBuffer bytes) {
		while (bytes.hasRemaining()) {
			switch (this.state) {
				case HEAD -> readHead(bytes);
				case IDENTITY -> this.listener.body(bytes);
				case CHUNK_SIZE -> readChunkSize(bytes);
				case CHUNK_DATA -> readChunkData(bytes);
				case CHUNK_END -> readChunkEnd(bytes);
				case DONE -> {
					return false;
				}
			}
		}
		return this.state != State.DONE;
	}

	/**
	 * Return the response status, once the head was read.
	 * @return the status, or {@code 0} before the head
	 */
	int status() {
		return this.status;
	}

	private void readHead(ByteBuffer bytes) {
		while (bytes.hasRemaining()) {
			this.head.append((char) bytes.get());
			int length = this.head.length();
			if (length >= 4 && this.head.charAt(length - 1) == '\n' && this.head.indexOf("\r\n\r\n", length - 4) >= 0) {
				endHead();
				return;
			}
			if (length > MAX_HEAD) {
				this.state = State.DONE;
				return;
			}
		}
	}

	private void endHead() {
		String text = this.head.toString();
		int space = text.indexOf(' ');
		this.status = (space > 0 && text.length() >= space + 4)
				? Integer.parseInt(text.substring(space + 1, space + 4)) : 0;
		boolean chunked = text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
		this.state = (this.status != 200) ? State.DONE : (chunked ? State.CHUNK_SIZE : State.IDENTITY);
		this.listener.head(this.status);
	}

	private void readChunkSize(ByteBuffer bytes) {
		while (bytes.hasRemaining()) {
			char c = (char) bytes.get();
			if (c == '\n') {
				String size = this.chunkSize.toString().trim();
				int extension = size.indexOf(';');
				this.chunkRemaining = Long.parseLong((extension < 0) ? size : size.substring(0, extension), 16);
				this.chunkSize.setLength(0);
				this.state = (this.chunkRemaining == 0) ? State.DONE : State.CHUNK_DATA;
				return;
			}
			this.chunkSize.append(c);
		}
	}

	private void readChunkData(ByteBuffer bytes) {
		int take = (int) Math.min(this.chunkRemaining, bytes.remaining());
		ByteBuffer chunk = bytes.slice(bytes.position(), take);
		bytes.position(bytes.position() + take);
		this.listener.body(chunk);
		this.chunkRemaining -= take;
		if (this.chunkRemaining == 0) {
			this.state = State.CHUNK_END;
		}
	}

	private void readChunkEnd(ByteBuffer bytes) {
		while (bytes.hasRemaining()) {
			if (bytes.get() == '\n') {
				this.state = State.CHUNK_SIZE;
				return;
			}
		}
	}

	private enum State {

		HEAD, IDENTITY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, DONE

	}

	/**
	 * Told about the response, on the decoding thread.
	 */
	interface BodyListener {

		/**
		 * The head was read.
		 * @param status the status
		 */
		void head(int status);

		/**
		 * Body bytes arrived; consume them all.
		 * @param bytes the body bytes
		 */
		void body(ByteBuffer bytes);

	}

}
