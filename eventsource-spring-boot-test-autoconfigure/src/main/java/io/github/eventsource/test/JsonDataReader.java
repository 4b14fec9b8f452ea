package io.github.eventsource.test;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the data of a {@link ReceivedEvent} as JSON with one {@link JsonMapper}.
 */
final class JsonDataReader {

	static final JsonDataReader DEFAULT = new JsonDataReader(JsonMapper.shared());

	private final JsonMapper jsonMapper;

	JsonDataReader(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	<T> T read(ReceivedEvent event, Type type) {
		try {
			return this.jsonMapper.readValue(event.data(), this.jsonMapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected the data of event '" + event.name() + "' (id " + event.id()
					+ ") to be JSON for " + type.getTypeName() + ", but it is: " + event.data()
					+ System.lineSeparator() + ex.getOriginalMessage(), ex);
		}
	}

}
