package io.github.eventsource.core.internal;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomIdsTests {

	@Test
	void drawsVersion4UuidsOfTheIetfVariant() {
		UUID id = UUID.fromString(RandomIds.next());
		assertThat(id.version()).isEqualTo(4);
		assertThat(id.variant()).isEqualTo(2);
	}

	@Test
	void neverRepeatsAnIdDrawnByManyThreadsAtOnce() {
		Set<String> ids = ConcurrentHashMap.newKeySet();
		IntStream.range(0, 100_000).parallel().forEach((i) -> ids.add(RandomIds.next()));
		assertThat(ids).hasSize(100_000);
	}

}
