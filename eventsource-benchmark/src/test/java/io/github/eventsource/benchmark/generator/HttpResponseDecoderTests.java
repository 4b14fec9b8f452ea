package io.github.eventsource.benchmark.generator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpResponseDecoder}.
 */
class HttpResponseDecoderTests {

	private final StringBuilder body = new StringBuilder();

	private int status;

	private final HttpResponseDecoder decoder = new HttpResponseDecoder(new HttpResponseDecoder.BodyListener() {

		@Override
		public void head(int status) {
			HttpResponseDecoderTests.this.status = status;
		}

		@Override
		public void body(ByteBuffer bytes) {
			HttpResponseDecoderTests.this.body.append(StandardCharsets.UTF_8.decode(bytes));
		}

	});

	@Test
	void dechunksTheBodyAcrossReads() {
		assertThat(decode("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n3\r\n:\n\n\r\nA;x=1\r\nid: 1\n")).isTrue();
		assertThat(decode("data\r\n0\r\n\r\n")).isFalse();
		assertThat(this.status).isEqualTo(200);
		assertThat(this.body).hasToString(":\n\nid: 1\ndata");
	}

	@Test
	void passesAnUnchunkedBodyAsItIs() {
		decode("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n:\n\n");
		assertThat(this.body).hasToString(":\n\n");
	}

	@Test
	void endsOnAStatusOtherThan200() {
		assertThat(decode("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\nToo many")).isFalse();
		assertThat(this.status).isEqualTo(503);
		assertThat(this.body).isEmpty();
	}

	private boolean decode(String text) {
		return this.decoder.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

}
