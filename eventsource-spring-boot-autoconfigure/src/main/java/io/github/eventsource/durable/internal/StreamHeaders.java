package io.github.eventsource.durable.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The headers every response of the protocol carries, and the protocol's responses
 * built on them.
 */
final class StreamHeaders {

	static final String NEXT_OFFSET = "Stream-Next-Offset";

	static final String UP_TO_DATE = "Stream-Up-To-Date";

	static final String CLOSED = "Stream-Closed";

	static final String CURSOR = "Stream-Cursor";

	private StreamHeaders() {
	}

	/**
	 * Return new headers with the browser security headers of the protocol.
	 * @return the headers
	 */
	static HttpHeaders secure() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Cross-Origin-Resource-Policy", "cross-origin");
		return headers;
	}

	/**
	 * Return the response of a refusal.
	 * @param status the status
	 * @param message why, as the plain-text body
	 * @param extra the protocol's headers of the refusal
	 * @return the response
	 */
	static ResponseEntity<byte[]> refusal(int status, String message, Map<String, String> extra) {
		HttpHeaders headers = secure();
		extra.forEach(headers::set);
		headers.set(HttpHeaders.CONTENT_TYPE, "text/plain");
		headers.setCacheControl("no-store");
		return ResponseEntity.status(status).headers(headers).body(message.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Add the headers of a read: next offset, up to date, closed.
	 * @param headers the headers
	 * @param slice the read
	 */
	static void read(HttpHeaders headers, Slice slice) {
		headers.set(NEXT_OFFSET, Offsets.format(slice.next()));
		if (slice.upToDate()) {
			headers.set(UP_TO_DATE, "true");
		}
		if (slice.closed()) {
			headers.set(CLOSED, "true");
		}
	}

}
