package io.github.eventsource.benchmark.server.mvc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.eventsource.benchmark.server.Broadcaster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hand-written {@code SseEmitter} server sends each emitter of one broadcast exactly
 * the event's bytes, read raw from two streams: no extra line ends or parts for the
 * second emitter ({@code SseEventBuilder.build()} is not idempotent).
 */
@SpringBootTest(classes = MvcServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "server.shutdown=immediate" })
class EmitterControllerIntegrationTests {

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	@LocalServerPort
	private int port;

	@Autowired
	private Broadcaster broadcaster;

	@Test
	void everyEmitterOfOneBroadcastReceivesExactlyOneEvent() throws IOException {
		try (RawStream first = new RawStream(this.port); RawStream second = new RawStream(this.port)) {
			assertThat(first.nextChunk()).isEqualTo(":\n\n");
			assertThat(second.nextChunk()).isEqualTo(":\n\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.broadcaster.subscribers() == 2);
			this.broadcaster.broadcast(1, "{\"seq\":1}");
			assertThat(first.nextChunk()).isEqualTo("id: 1\ndata: {\"seq\":1}\n\n");
			assertThat(second.nextChunk()).isEqualTo("id: 1\ndata: {\"seq\":1}\n\n");
		}
	}

	/**
	 * One {@code GET /sse} on a plain socket, read chunk by chunk: a chunk is what the
	 * server wrote between two flushes, and an emitter flushes once per event.
	 */
	private static final class RawStream implements AutoCloseable {

		private final Socket socket = new Socket();

		private final DataInputStream input;

		RawStream(int port) throws IOException {
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
			this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			this.socket.getOutputStream()
				.write(("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			this.input = new DataInputStream(this.socket.getInputStream());
			String status = line();
			assertThat(status).startsWith("HTTP/1.1 200");
			String header;
			boolean chunked = false;
			while (!(header = line()).isEmpty()) {
				chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
			}
			assertThat(chunked).as("chunked response").isTrue();
		}

		String nextChunk() throws IOException {
			int size = Integer.parseInt(line().split(";")[0].trim(), 16);
			byte[] chunk = new byte[size];
			this.input.readFully(chunk);
			assertThat(line()).isEmpty();
			return new String(chunk, StandardCharsets.UTF_8);
		}

		private String line() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = this.input.read()) != '\n') {
				if (b < 0) {
					throw new IOException("Stream ended");
				}
				line.write(b);
			}
			return line.toString(StandardCharsets.US_ASCII).replaceFirst("\r$", "");
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
