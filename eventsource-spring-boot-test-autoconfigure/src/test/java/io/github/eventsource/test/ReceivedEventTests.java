package io.github.eventsource.test;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReceivedEvent}.
 */
class ReceivedEventTests {

	@Test
	void readsDataAsARecord() {
		ReceivedEvent event = new ReceivedEvent("room", "{\"name\":\"lobby\",\"members\":3}", "7");
		assertThat(event.dataAs(Room.class)).isEqualTo(new Room("lobby", 3));
	}

	@Test
	void readsDataAsAGenericType() {
		ReceivedEvent event = new ReceivedEvent("rooms", "[{\"name\":\"lobby\",\"members\":3}]", null);
		assertThat(event.dataAs(new ParameterizedTypeReference<List<Room>>() {
		})).containsExactly(new Room("lobby", 3));
	}

	@Test
	void readsDataWithTheMapperItWasReceivedWith() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		ReceivedEvent event = new ReceivedEvent("member", "{\"user_name\":\"doge\"}", null,
				new JsonDataReader(snakeCase));
		assertThat(event.dataAs(Member.class)).isEqualTo(new Member("doge"));
	}

	@Test
	void failureToReadShowsTheRawData() {
		ReceivedEvent event = new ReceivedEvent("room", "much text, such JSON", "7");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> event.dataAs(Room.class))
			.withMessageContaining("event 'room' (id 7)")
			.withMessageContaining(Room.class.getName())
			.withMessageContaining("but it is: much text, such JSON");
	}

	@Test
	void equalityComparesNameDataAndIdOnly() {
		ReceivedEvent received = new ReceivedEvent("tick", "one", "1", new JsonDataReader(JsonMapper.builder().build()));
		assertThat(received).isEqualTo(new ReceivedEvent("tick", "one", "1"))
			.hasSameHashCodeAs(new ReceivedEvent("tick", "one", "1"))
			.isNotEqualTo(new ReceivedEvent("tick", "one", null))
			.hasToString("ReceivedEvent[name=tick, data=one, id=1]");
	}

	record Room(String name, int members) {
	}

	record Member(String userName) {
	}

}
