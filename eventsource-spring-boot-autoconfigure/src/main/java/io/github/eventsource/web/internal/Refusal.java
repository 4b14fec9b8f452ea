package io.github.eventsource.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a request that may not open a stream: a status and a plain-text body.
 *
 * @param status the HTTP status
 * @param message the plain-text body
 * @param retryAfterSeconds the Retry-After header value, or {@code null}
 */
record Refusal(int status, String message, @Nullable Long retryAfterSeconds) {

	Refusal(int status, String message) {
		this(status, message, null);
	}

	void writeTo(HttpServletResponse response) throws IOException {
		response.setStatus(this.status);
		if (this.retryAfterSeconds != null) {
			response.setHeader("Retry-After", Long.toString(this.retryAfterSeconds));
		}
		response.setContentType("text/plain;charset=UTF-8");
		byte[] body = this.message.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
