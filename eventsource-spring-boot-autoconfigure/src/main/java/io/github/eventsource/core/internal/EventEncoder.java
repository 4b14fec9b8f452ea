package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

/**
 * Encodes {@link EventSourceEvent events} into the bytes of the {@code text/event-stream}
 * format (WHATWG HTML, "Server-sent events"), UTF-8.
 * <p>
 * Data and comments are split at every {@code \r\n}, {@code \r} and {@code \n} into one
 * line each, so that a client gets the exact text back. Non-{@code String} data is written
 * as JSON by the first of the given HTTP message converters that can. Thread-safe; the
 * returned bytes are meant to be shared, never modified.
 */
public final class EventEncoder {

	private static final byte[] EMPTY = new byte[0];

	private final List<HttpMessageConverter<?>> converters;

	private final Map<Class<?>, HttpMessageConverter<Object>> convertersByType = new ConcurrentHashMap<>();

	/**
	 * Create an encoder writing non-{@code String} data with the given converters.
	 * @param converters the application's HTTP message converters
	 */
	public EventEncoder(List<HttpMessageConverter<?>> converters) {
		this.converters = List.copyOf(converters);
	}

	/**
	 * Encode an event.
	 * @param event the event
	 * @return the bytes of the event, terminated by a blank line
	 * @throws IllegalArgumentException if no converter can write the data as JSON
	 */
	public byte[] encode(EventSourceEvent event) {
		StringBuilder frame = new StringBuilder(64);
		if (event.comment() != null) {
			appendLines(frame, ":", event.comment());
		}
		if (event.id() != null) {
			frame.append("id: ").append(event.id()).append('\n');
		}
		if (event.name() != null) {
			frame.append("event: ").append(event.name()).append('\n');
		}
		if (event.retry() != null) {
			frame.append("retry: ").append(event.retry().toMillis()).append('\n');
		}
		if (event.data() != null) {
			appendLines(frame, "data:", toText(event.data()));
		}
		return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Put an id field in front of an event encoded without one, for ids known only after
	 * the event was encoded (assigned by a cluster's shared history).
	 * @param id the event id, free of CR, LF and NUL
	 * @param frame the event encoded without an id
	 * @return a new array: the id field, then the event
	 */
	public static byte[] withId(String id, byte[] frame) {
		byte[] idField = ("id: " + id + "\n").getBytes(StandardCharsets.UTF_8);
		byte[] withId = Arrays.copyOf(idField, idField.length + frame.length);
		System.arraycopy(frame, 0, withId, idField.length, frame.length);
		return withId;
	}

	/**
	 * Return the bytes of nothing at all: writing them flushes the response headers.
	 * @return an empty array
	 */
	public static byte[] empty() {
		return EMPTY;
	}

	private static void appendLines(StringBuilder frame, String field, String text) {
		int start = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				appendLine(frame, field, text, start, i);
				if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
					i++;
				}
				start = i + 1;
			}
		}
		appendLine(frame, field, text, start, length);
	}

	private static void appendLine(StringBuilder frame, String field, String text, int start, int end) {
		frame.append(field);
		if (end > start) {
			frame.append(' ').append(text, start, end);
		}
		frame.append('\n');
	}

	/**
	 * Write data as JSON with the application's message converters, as the data of an
	 * event is written; a {@link CharSequence} is taken as JSON already.
	 * @param data the data
	 * @return the JSON, in UTF-8
	 */
	public byte[] json(Object data) {
		return toText(data).getBytes(StandardCharsets.UTF_8);
	}

	private String toText(Object data) {
		if (data instanceof CharSequence text) {
			return text.toString();
		}
		HttpMessageConverter<Object> converter = this.convertersByType.computeIfAbsent(data.getClass(),
				this::jsonConverterFor);
		BufferedOutputMessage message = new BufferedOutputMessage();
		try {
			converter.write(data, MediaType.APPLICATION_JSON, message);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + data.getClass().getName() + " as JSON", ex);
		}
		return message.body.toString(StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private HttpMessageConverter<Object> jsonConverterFor(Class<?> type) {
		for (HttpMessageConverter<?> converter : this.converters) {
			if (converter.canWrite(type, MediaType.APPLICATION_JSON)) {
				return (HttpMessageConverter<Object>) converter;
			}
		}
		throw new IllegalArgumentException("No HttpMessageConverter can write " + type.getName()
				+ " as application/json; add Jackson to the classpath or send a String");
	}

	private static final class BufferedOutputMessage implements HttpOutputMessage {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream(128);

		private @Nullable HttpHeaders headers;

		@Override
		public OutputStream getBody() {
			return this.body;
		}

		@Override
		public HttpHeaders getHeaders() {
			if (this.headers == null) {
				this.headers = new HttpHeaders();
			}
			return this.headers;
		}

	}

}
