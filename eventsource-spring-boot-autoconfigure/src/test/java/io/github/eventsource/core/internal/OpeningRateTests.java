package io.github.eventsource.core.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpeningRateTests {

	@Test
	void refusesAnAddressPastItsBurstUntilItRefills() {
		OpeningRate rate = new OpeningRate(20, 2);
		assertThat(rate.tryOpen("192.0.2.1")).isTrue();
		assertThat(rate.tryOpen("192.0.2.1")).isTrue();
		assertThat(rate.tryOpen("192.0.2.1")).isFalse();
		await().atMost(Duration.ofSeconds(2)).until(() -> rate.tryOpen("192.0.2.1"));
	}

	@Test
	void forgetsTheBucketsThatRefilledCompletely() {
		OpeningRate rate = new OpeningRate(20, 2);
		rate.tryOpen("192.0.2.1");
		rate.tryOpen("192.0.2.2");
		assertThat(rate.size()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			rate.expire();
			assertThat(rate.size()).isZero();
		});
	}

}
