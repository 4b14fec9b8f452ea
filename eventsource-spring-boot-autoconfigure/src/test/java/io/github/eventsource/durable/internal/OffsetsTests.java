package io.github.eventsource.durable.internal;

import io.github.eventsource.durable.DurableStreamException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Offsets}.
 */
class OffsetsTests {

	@Test
	void offsetsCompareAsTheirPositions() {
		assertThat(Offsets.format(9).compareTo(Offsets.format(10))).isNegative();
		assertThat(Offsets.format(99_999).compareTo(Offsets.format(100_000))).isNegative();
	}

	@Test
	void parsesWhatItFormatsAndTheSentinels() {
		assertThat(Offsets.parse(Offsets.format(42))).isEqualTo(42);
		assertThat(Offsets.parse("-1")).isZero();
		assertThat(Offsets.parse("now")).isEqualTo(Offsets.NOW);
	}

	@Test
	void neverFormatsASentinel() {
		assertThat(Offsets.format(0)).isNotIn("-1", "now");
	}

	@Test
	void refusesMalformedOffsetsWith400() {
		for (String malformed : new String[] { "", "1,2", "abc", "0000000000000000_00000000000000a1",
				"0000000000000000-0000000000000001", " 0000000000000000_0000000000000001", "-2" }) {
			assertThatExceptionOfType(DurableStreamException.class).isThrownBy(() -> Offsets.parse(malformed))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400));
		}
	}

}
