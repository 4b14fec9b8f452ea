package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisProbe}.
 */
class RedisProbeTests {

	@Test
	void readsTheProcessIdOfTheServerSectionOfInfo() {
		String info = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nprocess_id:4242\r\n"
				+ "process_supervised:no\r\ntcp_port:6379\r\n";
		assertThat(RedisProbe.processId(info)).hasValue(4242);
	}

	@Test
	void hasNoProcessIdWhenInfoDoesNotTell() {
		assertThat(RedisProbe.processId("# Server\r\nredis_version:7.0.15\r\n")).isEqualTo(OptionalLong.empty());
	}

	@Test
	void doesNotAnswerWhenNothingListens() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisProbe probe = new RedisProbe(new InetSocketAddress("127.0.0.1", port));
		assertThat(probe.answers()).isFalse();
		assertThat(probe.processId()).isEmpty();
	}

}
