package io.github.eventsource.durable;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Creates, appends to, closes, deletes and reads durable streams from the application
 * itself: what an application writes here, clients read over HTTP under
 * {@code eventsource.durable-streams.path} (catch-up, long-poll or SSE), and the other
 * way round.
 * <p>
 * Streams are named by their path below the base path, without a leading slash
 * ({@code "answers/42"} is served at {@code /v1/stream/answers/42}). The same bounds
 * apply as to HTTP clients; what the protocol refuses is thrown as a
 * {@link DurableStreamException} with the protocol's status. Thread-safe; no method
 * waits on a client.
 *
 * @since 0.1.0
 */
public interface DurableStreams {

	/**
	 * Create a stream, or ensure it exists with the same content type.
	 * @param stream the stream's name
	 * @param contentType its content type, such as {@code text/plain} or
	 * {@code application/json} (JSON mode: each append is a message, reads return an
	 * array)
	 * @param ttl how long the stream lives, or {@code null} for as long as the server's
	 * bounds allow
	 * @return whether the stream was created, {@code false} if it already existed
	 * @throws DurableStreamException with {@code 409} if it exists with another content
	 * type
	 */
	boolean create(String stream, String contentType, @Nullable Duration ttl);

	/**
	 * Append bytes to a stream.
	 * @param stream the stream's name
	 * @param data the bytes, not empty; for a JSON stream, one JSON value or an array of
	 * messages
	 * @return the stream's next offset
	 * @throws DurableStreamException with {@code 404} if there is no such stream,
	 * {@code 409} if it is closed, {@code 413} past a bound
	 */
	String append(String stream, byte[] data);

	/**
	 * Append text, encoded as UTF-8.
	 * @param stream the stream's name
	 * @param text the text, not empty
	 * @return the stream's next offset
	 * @throws DurableStreamException as {@link #append(String, byte[])}
	 */
	String appendText(String stream, String text);

	/**
	 * Append one message to a JSON stream, written as JSON by the application's own
	 * {@code JsonMapper} (through its message converters).
	 * @param stream the stream's name
	 * @param message the message
	 * @return the stream's next offset
	 * @throws DurableStreamException as {@link #append(String, byte[])}
	 */
	String appendJson(String stream, Object message);

	/**
	 * Close a stream: readers get what it holds and then its end; appends are refused.
	 * Closing a closed stream does nothing.
	 * @param stream the stream's name
	 * @return the stream's final offset
	 * @throws DurableStreamException with {@code 404} if there is no such stream
	 */
	String close(String stream);

	/**
	 * Delete a stream and its data; its readers are ended.
	 * @param stream the stream's name
	 * @return whether there was such a stream
	 */
	boolean delete(String stream);

	/**
	 * Read a stream from an offset, up to the server's chunk size.
	 * @param stream the stream's name
	 * @param offset an offset a previous read or append returned, {@code "-1"} for the
	 * start or {@code "now"} for the end
	 * @return what was read
	 * @throws DurableStreamException with {@code 404} if there is no such stream,
	 * {@code 400} for a malformed offset
	 */
	DurableStreamRead read(String stream, String offset);

}
