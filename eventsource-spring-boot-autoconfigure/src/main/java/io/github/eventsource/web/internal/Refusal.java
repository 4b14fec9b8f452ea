package io.github.eventsource.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a request that may not open a stream: either a status with a plain-text
 * body (final for a browser's {@code EventSource}, unless the status is 200), or, for a
 * refusal that the client should survive, {@code 200 text/event-stream} with a
 * {@code retry:} field and an immediate end, after which a browser reconnects by itself
 * (WHATWG HTML, "Server-sent events": a response that ends is reestablished).
 *
 * @param status the HTTP status; 200 for a stream that ends at once
 * @param message the plain-text body, or the comment of an ended stream
 * @param retry the Retry-After of a status, or the {@code retry:} of an ended stream; or
 * {@code null}
 */
record Refusal(int status, String message, @Nullable Duration retry) {

	Refusal(int status, String message) {
		this(status, message, null);
	}

	/**
	 * Return a refusal answered by a stream that ends at once, after which a browser
	 * reconnects.
	 * @param message what the comment line says
	 * @param retry the reconnection time sent to the client
	 * @return the refusal
	 */
	static Refusal reconnect(String message, Duration retry) {
		return new Refusal(HttpServletResponse.SC_OK, message, retry);
	}

	void writeTo(HttpServletResponse response) throws IOException {
		response.setStatus(this.status);
		byte[] body;
		if (this.status == HttpServletResponse.SC_OK) {
			response.setContentType("text/event-stream;charset=UTF-8");
			response.setHeader("Cache-Control", "no-cache");
			String retry = (this.retry != null) ? "retry: " + this.retry.toMillis() + "\n" : "";
			body = (": " + this.message + "\n" + retry + "\n").getBytes(StandardCharsets.UTF_8);
		}
		else {
			if (this.retry != null) {
				response.setHeader("Retry-After", Long.toString(Math.max(1, this.retry.toSeconds())));
			}
			response.setContentType("text/plain;charset=UTF-8");
			body = this.message.getBytes(StandardCharsets.UTF_8);
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
