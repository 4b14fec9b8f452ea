package io.github.eventsource.durable.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The configuration a stream is created with; a second create must ask for the same.
 *
 * @param contentType the content type, as given
 * @param ttlSeconds the time to live in seconds, renewed by every read and write, or
 * {@code null}
 * @param expiresAt the absolute expiry, or {@code null}
 */
record StreamConfig(String contentType, @Nullable Long ttlSeconds, @Nullable Instant expiresAt) {

	/**
	 * Return whether the stream is in JSON mode.
	 * @return whether its content type is {@code application/json}
	 */
	boolean json() {
		return essence(this.contentType).equals("application/json");
	}

	/**
	 * Return whether SSE sends the stream's bytes as text: {@code text/*} and JSON; other
	 * streams are sent in base64.
	 * @return whether its bytes are text
	 */
	boolean text() {
		return json() || essence(this.contentType).startsWith("text/");
	}

	/**
	 * Return whether another content type is the stream's, parameters and case aside.
	 * @param other the other content type
	 * @return whether they match
	 */
	boolean matches(String other) {
		return essence(this.contentType).equals(essence(other));
	}

	/**
	 * Return whether another create asks for this configuration.
	 * @param other the other configuration
	 * @return whether they match
	 */
	boolean sameAs(StreamConfig other) {
		return matches(other.contentType) && Objects.equals(this.ttlSeconds, other.ttlSeconds)
				&& Objects.equals(this.expiresAt, other.expiresAt);
	}

	/**
	 * Return the type and subtype of a content type, in lower case.
	 * @param contentType the content type
	 * @return its essence
	 */
	static String essence(String contentType) {
		int semicolon = contentType.indexOf(';');
		String essence = (semicolon >= 0) ? contentType.substring(0, semicolon) : contentType;
		return essence.trim().toLowerCase(Locale.ROOT);
	}

}
