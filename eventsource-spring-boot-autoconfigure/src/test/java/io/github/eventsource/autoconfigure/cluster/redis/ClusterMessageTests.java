package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterMessage}.
 */
class ClusterMessageTests {

	@Test
	void readsWhatItWrites() {
		byte[] frame = "id: 7\nevent: é\ndata: a\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
		ClusterMessage message = ClusterMessage
			.from(new ClusterMessage(42, "origin", "GROUP", "größe\nzwei", frame).toBytes());
		assertThat(message.position()).isEqualTo(42);
		assertThat(message.origin()).isEqualTo("origin");
		assertThat(message.kind()).isEqualTo("GROUP");
		assertThat(message.name()).isEqualTo("größe\nzwei");
		assertThat(message.frame()).isEqualTo(frame);
	}

	@Test
	void refusesBytesThatAreNoMessage() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterMessage.from("hello".getBytes(StandardCharsets.UTF_8)));
	}

}
