package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EventEncoder}.
 */
class EventEncoderTests {

	private final EventEncoder encoder = new EventEncoder(List.of(new JacksonJsonHttpMessageConverter()));

	@Test
	void encodesNamelessEvent() {
		assertThat(encode(EventSourceEvent.of("Wow much nameless"))).isEqualTo("data: Wow much nameless\n\n");
	}

	@Test
	void putsIdInFrontOfEventEncodedWithoutOne() {
		byte[] frame = this.encoder.encode(EventSourceEvent.of("doge", "much connection"));
		assertThat(new String(EventEncoder.withId("42", frame), StandardCharsets.UTF_8))
			.isEqualTo("id: 42\nevent: doge\ndata: much connection\n\n");
	}

	@Test
	void encodesIdNameAndDataInOrder() {
		assertThat(encode(EventSourceEvent.of("doge", "much connection", 42)))
			.isEqualTo("id: 42\nevent: doge\ndata: much connection\n\n");
	}

	@Test
	void splitsDataAtLfCrLfAndCr() {
		assertThat(encode(EventSourceEvent.of("a\nb\r\nc\rd"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
	}

	@Test
	void keepsEmptyLinesAndLeadingSpaces() {
		assertThat(encode(EventSourceEvent.of("\n two\n"))).isEqualTo("data:\ndata:  two\ndata:\n\n");
	}

	@Test
	void encodesCommentRetryAndUtf8() {
		EventSourceEvent event = EventSourceEvent.builder()
			.comment("one\ntwo")
			.retry(Duration.ofMillis(300))
			.data("héllo ✓ 🐶")
			.build();
		byte[] bytes = this.encoder.encode(event);
		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(": one\n: two\nretry: 300\ndata: héllo ✓ 🐶\n\n");
	}

	@Test
	void writesObjectsAsJson() {
		assertThat(encode(EventSourceEvent.of(new Point(1, 2)))).isEqualTo("data: {\"x\":1,\"y\":2}\n\n");
	}

	@Test
	void refusesDataNoConverterCanWrite() {
		EventEncoder withoutJson = new EventEncoder(List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> withoutJson.encode(EventSourceEvent.of(new Point(1, 2))))
			.withMessageContaining("No HttpMessageConverter can write");
	}

	@Test
	void refusesNamesAndIdsThatWouldInjectEvents() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventSourceEvent.of("a\nevent: b", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> EventSourceEvent.of("a\rb", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> EventSourceEvent.of("a", "x", "1\n2"));
		assertThatIllegalArgumentException().isThrownBy(() -> EventSourceEvent.of("a", "x", "1\r2"));
		assertThatIllegalArgumentException().isThrownBy(() -> EventSourceEvent.of("a", "x", "1\0"));
	}

	private String encode(EventSourceEvent event) {
		return new String(this.encoder.encode(event), StandardCharsets.UTF_8);
	}

	record Point(int x, int y) {
	}

}
