package io.github.eventsource.durable;

import java.util.Map;

/**
 * A durable stream operation that the protocol refuses, with the HTTP status that
 * refuses it ({@code 404} for a missing stream, {@code 409} for a closed stream or a
 * mismatched configuration, {@code 413} past a bound, ...) and the protocol's headers
 * that go with it.
 *
 * @since 0.1.0
 */
public class DurableStreamException extends RuntimeException {

	private final int status;

	private final Map<String, String> headers;

	/**
	 * Create an exception.
	 * @param status the HTTP status of the refusal
	 * @param message why
	 */
	public DurableStreamException(int status, String message) {
		this(status, message, Map.of());
	}

	/**
	 * Create an exception with response headers.
	 * @param status the HTTP status of the refusal
	 * @param message why
	 * @param headers the protocol's headers of the refusal, such as {@code Stream-Closed}
	 */
	public DurableStreamException(int status, String message, Map<String, String> headers) {
		super(message);
		this.status = status;
		this.headers = Map.copyOf(headers);
	}

	/**
	 * Return the HTTP status of the refusal.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the protocol's headers of the refusal.
	 * @return the headers, possibly none
	 */
	public Map<String, String> getHeaders() {
		return this.headers;
	}

}
