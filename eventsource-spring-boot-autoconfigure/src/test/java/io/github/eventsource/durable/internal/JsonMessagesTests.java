package io.github.eventsource.durable.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonMessages}.
 */
class JsonMessagesTests {

	@Test
	void aValueIsOneMessageKeptAsSent() {
		assertThat(split("{\"event\": \"created\"}")).containsExactly("{\"event\": \"created\"}");
	}

	@Test
	void anArrayIsFlattenedOneLevel() {
		assertThat(split("[{\"a\":1}, {\"b\":2}]")).containsExactly("{\"a\":1}", "{\"b\":2}");
		assertThat(split("[[1,2], [3,4]]")).containsExactly("[1,2]", "[3,4]");
		assertThat(split("[[[1,2,3]]]")).containsExactly("[[1,2,3]]");
	}

	@Test
	void anEmptyArrayHasNoMessages() {
		assertThat(split(" [ ] ")).isEmpty();
	}

	@Test
	void refusesWhatIsNotJsonWith400() {
		for (String invalid : List.of("{", "[1,]", "{\"a\"}", "01", "\"\\x\"", "tru", "[1] 2", "{\"a\":1,}", "")) {
			assertThatExceptionOfType(DurableStreamException.class).isThrownBy(() -> split(invalid))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400));
		}
	}

	@Test
	void refusesNestingPastItsBoundWithoutOverflowingTheStack() {
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		assertThatExceptionOfType(DurableStreamException.class).isThrownBy(() -> split(deep));
	}

	private static List<String> split(String json) {
		return JsonMessages.split(json.getBytes(StandardCharsets.UTF_8))
			.stream()
			.map((message) -> new String(message, StandardCharsets.UTF_8))
			.toList();
	}

}
