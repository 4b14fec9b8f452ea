package io.github.eventsource.autoconfigure.cluster.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.eventsource.core.internal.OutboundStream;

import org.springframework.util.Assert;

/**
 * One event as published to the other instances: the encoded frame, where it goes, its
 * position in its target's order, and the instance that published it.
 * <p>
 * On the wire: the position, the origin, the target kind and the byte length of the
 * target name, each followed by {@code \n}, then the name and the frame. Everything after
 * the position is the {@link #head(String, String, String) head} and the frame, so that
 * the append script can prefix the position it assigns.
 *
 * @param position the position of the event in its target's order, or
 * {@link io.github.eventsource.core.internal.EventLog#UNORDERED}
 * @param origin the id of the publishing instance
 * @param kind the kind of target: a {@link io.github.eventsource.broadcast.internal.ChannelRegistry.Kind}
 * name or {@link #SESSION}
 * @param name the path, group, user or session id
 * @param frame the encoded event
 */
record ClusterMessage(long position, String origin, String kind, String name, byte[] frame) {

	/**
	 * The kind of a message to one session.
	 */
	static final String SESSION = "SESSION";

	/**
	 * Return the bytes of a message head.
	 * @param origin the id of the publishing instance
	 * @param kind the kind of target
	 * @param name the path, group, user or session id
	 * @return the head
	 */
	static byte[] head(String origin, String kind, String name) {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream head = new ByteArrayOutputStream(64 + nameBytes.length);
		head.writeBytes((origin + '\n' + kind + '\n' + nameBytes.length + '\n').getBytes(StandardCharsets.UTF_8));
		head.writeBytes(nameBytes);
		return head.toByteArray();
	}

	/**
	 * Return the bytes of this message.
	 * @return the bytes
	 */
	byte[] toBytes() {
		byte[] head = head(this.origin, this.kind, this.name);
		byte[] position = (this.position + "\n").getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(position.length + head.length + this.frame.length);
		bytes.writeBytes(position);
		bytes.writeBytes(head);
		bytes.writeBytes(this.frame);
		return bytes.toByteArray();
	}

	/**
	 * Read a message.
	 * @param bytes the bytes of a message
	 * @return the message
	 * @throws IllegalArgumentException if the bytes are not a message
	 */
	static ClusterMessage from(byte[] bytes) {
		Reader reader = new Reader(bytes);
		long position = Long.parseLong(reader.line());
		String origin = reader.line();
		String kind = reader.line();
		int nameLength = Integer.parseInt(reader.line());
		String name = reader.take(nameLength);
		return new ClusterMessage(position, origin, kind, name, reader.rest());
	}

	private static final class Reader {

		private final byte[] bytes;

		private int offset;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		String line() {
			for (int end = this.offset; end < this.bytes.length; end++) {
				if (this.bytes[end] == '\n') {
					String line = new String(this.bytes, this.offset, end - this.offset, StandardCharsets.UTF_8);
					this.offset = end + 1;
					return line;
				}
			}
			throw new IllegalArgumentException("Not an event source cluster message");
		}

		String take(int length) {
			Assert.isTrue(this.offset + length <= this.bytes.length, "Not an event source cluster message");
			String text = new String(this.bytes, this.offset, length, StandardCharsets.UTF_8);
			this.offset += length;
			return text;
		}

		byte[] rest() {
			return Arrays.copyOfRange(this.bytes, this.offset, this.bytes.length);
		}

	}

}
