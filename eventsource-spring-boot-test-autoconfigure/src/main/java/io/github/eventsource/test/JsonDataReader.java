package io.github.eventsource.test;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the data of a {@link ReceivedEvent} or a {@link DurableStreamItem} as JSON with
 * one {@link JsonMapper}.
 */
final class JsonDataReader {

	static final JsonDataReader DEFAULT = new JsonDataReader(JsonMapper.shared());

	private final JsonMapper jsonMapper;

	JsonDataReader(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Read data as JSON.
	 * @param data the data
	 * @param type the type to read
	 * @param what what the data is, for the failure message, such as
	 * {@code the data of event 'x' (id 1)}
	 * @return the data as that type
	 * @throws AssertionError if the data is not JSON for that type
	 */
	<T> T read(String data, Type type, String what) {
		try {
			return this.jsonMapper.readValue(data, this.jsonMapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected " + what + " to be JSON for " + type.getTypeName() + ", but it is: "
					+ data + System.lineSeparator() + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Return the mapper.
	 * @return the mapper
	 */
	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

}
