package io.github.eventsource.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wire-format tests on the raw bytes of real streams served by a real server (Tomcat, and Jetty in the build's second test run).
 */
@SpringBootTest(classes = TestEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class WireFormatIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void sendsStreamHeadersBeforeAnyEvent() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/idle")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
			assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-cache");
			assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(stream.headers().firstValue("Content-Encoding")).hasValue("identity");
			assertThat(stream.awaitBodyContaining("retry: 300\n\n")).isEqualTo("retry: 300\n\n");
		}
	}

	@Test
	void splitsDataAtEveryLineBreakAndWritesFieldsInOrder() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/wire")) {
			String body = stream.awaitBodyContaining("event: tick");
			assertThat(body).startsWith("id: 1\nevent: greeting\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
		}
	}

	@Test
	void writesObjectsAsJson() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/wire")) {
			assertThat(stream.awaitBodyContaining("event: tick")).contains("\n\ndata: {\"x\":3,\"label\":\"p\"}\n\n");
		}
	}

	@Test
	void writesUtf8CommentsAndRetry() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/wire")) {
			assertThat(stream.awaitBodyContaining("event: tick")).contains("data: héllo wörld ✓ 🐶\n\n")
				.contains(": note\n\n")
				.endsWith("id: 7\nevent: tick\nretry: 300\ndata: x\n\n");
		}
	}

}
