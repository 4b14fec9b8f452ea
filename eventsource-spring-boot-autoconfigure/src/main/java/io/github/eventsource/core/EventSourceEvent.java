package io.github.eventsource.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One Server-Sent Event: optional name, data, id, reconnection time and comment.
 * <p>
 * Immutable and safe to share between threads. {@code String} data is sent as it is, one
 * {@code data:} line per line; any other data is written as JSON by the application's
 * HTTP message converters. A name or id containing CR or LF, or an id containing NUL, is
 * refused with {@link IllegalArgumentException}: either would let data inject events.
 *
 * @param name the event name ({@code event:} field), or {@code null} for a nameless event
 * @param data the payload, or {@code null} for an event without data (a comment or retry)
 * @param id the event id ({@code id:} field), or {@code null}
 * @param retry the reconnection time ({@code retry:} field), or {@code null}
 * @param comment a comment sent before the fields, or {@code null}
 * @since 0.1.0
 */
public record EventSourceEvent(@Nullable String name, @Nullable Object data, @Nullable String id,
		@Nullable Duration retry, @Nullable String comment) {

	/**
	 * Validates the fields that must not contain line breaks.
	 * @throws IllegalArgumentException if the name or id contains CR or LF, or the id NUL
	 */
	public EventSourceEvent {
		Assert.isTrue(name == null || !containsLineBreak(name), () -> "Event name must not contain CR or LF: " + name);
		Assert.isTrue(id == null || !(containsLineBreak(id) || id.indexOf('\0') >= 0),
				() -> "Event id must not contain CR, LF or NUL: " + id);
		Assert.isTrue(retry == null || !retry.isNegative(), "Retry must not be negative");
	}

	/**
	 * Create a nameless event.
	 * @param data the payload
	 * @return the event
	 */
	public static EventSourceEvent of(Object data) {
		return new EventSourceEvent(null, data, null, null, null);
	}

	/**
	 * Create a named event.
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @return the event
	 */
	public static EventSourceEvent of(@Nullable String name, Object data) {
		return new EventSourceEvent(name, data, null, null, null);
	}

	/**
	 * Create a named event with an id.
	 * @param name the event name, or {@code null} for a nameless event
	 * @param data the payload
	 * @param id the event id, converted with {@code toString()}, or {@code null}
	 * @return the event
	 */
	public static EventSourceEvent of(@Nullable String name, Object data, @Nullable Object id) {
		return new EventSourceEvent(name, data, (id != null) ? id.toString() : null, null, null);
	}

	/**
	 * Start building an event.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a copy of this event with the given id.
	 * @param id the new id
	 * @return the copy
	 */
	public EventSourceEvent withId(String id) {
		return new EventSourceEvent(this.name, this.data, id, this.retry, this.comment);
	}

	private static boolean containsLineBreak(String value) {
		return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
	}

	/**
	 * Builder for {@link EventSourceEvent}; not thread-safe.
	 */
	public static final class Builder {

		private @Nullable String name;

		private @Nullable Object data;

		private @Nullable String id;

		private @Nullable Duration retry;

		private @Nullable String comment;

		private Builder() {
		}

		/**
		 * Set the event name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Set the payload.
		 * @param data the payload
		 * @return this builder
		 */
		public Builder data(Object data) {
			this.data = data;
			return this;
		}

		/**
		 * Set the event id.
		 * @param id the id, converted with {@code toString()}
		 * @return this builder
		 */
		public Builder id(Object id) {
			this.id = id.toString();
			return this;
		}

		/**
		 * Set the reconnection time.
		 * @param retry the reconnection time
		 * @return this builder
		 */
		public Builder retry(Duration retry) {
			this.retry = retry;
			return this;
		}

		/**
		 * Set a comment.
		 * @param comment the comment
		 * @return this builder
		 */
		public Builder comment(String comment) {
			this.comment = comment;
			return this;
		}

		/**
		 * Build the event.
		 * @return the event
		 * @throws IllegalArgumentException if the name or id is illegal
		 */
		public EventSourceEvent build() {
			return new EventSourceEvent(this.name, this.data, this.id, this.retry, this.comment);
		}

	}

}
