package io.github.eventsource.test;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * One event as a client received it: its name, data and id, which equality compares, and
 * its data read back from JSON with {@link #dataAs(Class)}.
 * <p>
 * Events received by an {@link EventSourceTestClient} read JSON with the application's
 * {@code JsonMapper} (the one the server writes non-{@code String} data with); events
 * created with the public constructor read it with Jackson's defaults. Immutable.
 *
 * @since 0.1.0
 */
public final class ReceivedEvent {

	/**
	 * The type of an event sent without a name.
	 */
	public static final String NAMELESS = "message";

	private final String name;

	private final String data;

	private final @Nullable String id;

	private final JsonDataReader reader;

	/**
	 * Create an event, such as the one a test expects.
	 * @param name the event type: the {@code event:} field, or {@link #NAMELESS} for a
	 * nameless event, as a browser's {@code EventSource} reports it
	 * @param data the data, its lines joined with {@code \n}
	 * @param id the last event id after this event, or {@code null} if none was ever sent
	 */
	public ReceivedEvent(String name, String data, @Nullable String id) {
		this(name, data, id, JsonDataReader.DEFAULT);
	}

	ReceivedEvent(String name, String data, @Nullable String id, JsonDataReader reader) {
		this.name = name;
		this.data = data;
		this.id = id;
		this.reader = reader;
	}

	/**
	 * Return the event type.
	 * @return the {@code event:} field, or {@link #NAMELESS} for a nameless event
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the data.
	 * @return the data, its lines joined with {@code \n}
	 */
	public String data() {
		return this.data;
	}

	/**
	 * Return the last event id after this event.
	 * @return the id, or {@code null} if none was ever sent on the stream
	 */
	public @Nullable String id() {
		return this.id;
	}

	/**
	 * Read the data as JSON, such as an object the server sent with
	 * {@code session.send(new Room("lobby", 3))}.
	 * @param <T> the type to read
	 * @param type the type to read, such as a record
	 * @return the data as that type
	 * @throws AssertionError if the data is not JSON for that type; the message shows the
	 * data
	 */
	public <T> T dataAs(Class<T> type) {
		return this.reader.read(this.data, type, describe());
	}

	/**
	 * Read the data as JSON for a generic type, such as
	 * {@code dataAs(new ParameterizedTypeReference<List<Room>>() {})}.
	 * @param <T> the type to read
	 * @param type the type to read
	 * @return the data as that type
	 * @throws AssertionError if the data is not JSON for that type; the message shows the
	 * data
	 */
	public <T> T dataAs(ParameterizedTypeReference<T> type) {
		return this.reader.read(this.data, type.getType(), describe());
	}

	private String describe() {
		return "the data of event '" + this.name + "' (id " + this.id + ")";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof ReceivedEvent event) && this.name.equals(event.name) && this.data.equals(event.data)
				&& Objects.equals(this.id, event.id);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.data, this.id);
	}

	@Override
	public String toString() {
		return "ReceivedEvent[name=" + this.name + ", data=" + this.data + ", id=" + this.id + "]";
	}

}
