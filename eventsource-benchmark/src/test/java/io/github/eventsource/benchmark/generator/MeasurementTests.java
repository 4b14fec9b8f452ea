package io.github.eventsource.benchmark.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Measurement}.
 */
class MeasurementTests {

	@Test
	void readsTheSendTimeInMicroseconds() {
		assertThat(Measurement.sentMicros("{\"t\":1732531200123.456,\"seq\":42}")).isEqualTo(1732531200123456L);
	}

	@Test
	void readsASendTimeWithoutFraction() {
		assertThat(Measurement.sentMicros("{\"t\":1732531200123,\"seq\":1}")).isEqualTo(1732531200123000L);
	}

	@Test
	void recordsLatencyOnlyForIdsOfTheWindow() {
		Measurement measurement = new Measurement();
		measurement.start(10);
		assertThat(measurement.counts(9)).isFalse();
		assertThat(measurement.counts(10)).isTrue();
		measurement.record("{\"t\":1000.500,\"seq\":10}", 1_002_000);
		assertThat(measurement.delivered()).isEqualTo(1);
		assertThat(measurement.latencyMicros().getMaxValue()).isBetween(1499L, 1501L);
	}

}
