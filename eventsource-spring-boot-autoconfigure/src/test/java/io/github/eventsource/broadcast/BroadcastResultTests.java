package io.github.eventsource.broadcast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BroadcastResult}.
 */
class BroadcastResultTests {

	@Test
	void acceptedEventCountsTheStreamsOfThisInstance() {
		assertThat(BroadcastResult.acceptedFor(3)).isEqualTo(new BroadcastResult(true, 3));
		assertThat(BroadcastResult.acceptedFor(0).accepted()).isTrue();
	}

	@Test
	void refusedEventIsForNoStream() {
		assertThat(BroadcastResult.REFUSED.accepted()).isFalse();
		assertThat(BroadcastResult.REFUSED.localStreams()).isZero();
	}

	@Test
	void refusesARefusedResultWithStreams() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BroadcastResult(false, 1))
			.withMessageContaining("none for a refused event");
	}

	@Test
	void refusesANegativeCount() {
		assertThatIllegalArgumentException().isThrownBy(() -> BroadcastResult.acceptedFor(-1))
			.withMessageContaining("no negative number");
	}

}
