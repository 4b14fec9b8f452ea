package io.github.eventsource.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * One item an {@link EventSourceTestDurableStream} received: in a JSON stream
 * ({@code application/json}) one message; in any other stream the bytes of one
 * {@code data} event, which holds what one read of the stream returned, one append or
 * several. Equality compares the bytes. Immutable.
 *
 * @since 0.1.0
 */
public final class DurableStreamItem {

	private final byte[] bytes;

	private final JsonDataReader reader;

	/**
	 * Create an item, such as the one a test expects.
	 * @param text the item's text, encoded as UTF-8
	 */
	public DurableStreamItem(String text) {
		this(text.getBytes(StandardCharsets.UTF_8), JsonDataReader.DEFAULT);
	}

	DurableStreamItem(byte[] bytes, JsonDataReader reader) {
		this.bytes = bytes;
		this.reader = reader;
	}

	/**
	 * Return the item's bytes.
	 * @return a copy of the bytes
	 */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	/**
	 * Return the item's bytes as UTF-8 text; in a JSON stream, the message as JSON.
	 * @return the text
	 */
	public String text() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Read the item as JSON, such as a message the application appended with
	 * {@code durableStreams.appendJson("answers/42", new Token("wow"))}.
	 * @param <T> the type to read
	 * @param type the type to read, such as a record
	 * @return the item as that type
	 * @throws AssertionError if the item is not JSON for that type; the message shows
	 * the item
	 */
	public <T> T dataAs(Class<T> type) {
		return this.reader.read(text(), type, "the durable stream item");
	}

	/**
	 * Read the item as JSON for a generic type, such as
	 * {@code dataAs(new ParameterizedTypeReference<List<Token>>() {})}.
	 * @param <T> the type to read
	 * @param type the type to read
	 * @return the item as that type
	 * @throws AssertionError if the item is not JSON for that type; the message shows
	 * the item
	 */
	public <T> T dataAs(ParameterizedTypeReference<T> type) {
		return this.reader.read(text(), type.getType(), "the durable stream item");
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof DurableStreamItem item) && Arrays.equals(this.bytes, item.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "DurableStreamItem[" + text() + "]";
	}

}
