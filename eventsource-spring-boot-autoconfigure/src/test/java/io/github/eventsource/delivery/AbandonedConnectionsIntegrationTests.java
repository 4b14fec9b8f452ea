package io.github.eventsource.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way of abandoning a connection ends its session and frees its place in the
 * limits: a reset right after the request, a {@code HEAD}.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=1s", "eventsource.limits.max-connections=200",
				"eventsource.limits.max-connections-per-address=200" })
class AbandonedConnectionsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@BeforeEach
	void awaitNoSession() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void resetsRightAfterTheRequestAndHeadsLeaveNoSession() throws Exception {
		for (int i = 0; i < 300; i++) {
			Socket socket = request("GET /feed/reset HTTP/1.1\r\nHost: localhost\r\n\r\n");
			socket.setSoLinger(true, 0);
			socket.close();
		}
		List<Socket> heads = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			heads.add(request("HEAD /feed/head HTTP/1.1\r\nHost: localhost\r\n\r\n"));
		}
		for (Socket head : heads) {
			assertThat(readHead(head)).startsWith("HTTP/1.1 200").contains("text/event-stream");
		}
		// two heartbeats, and a sweep
		await().atMost(Duration.ofMillis(2500)).until(() -> this.sessions.size() == 0);
		try (RawStream stream = RawStream.open(this.port, "/feed/after")) {
			assertThat(stream.status()).isEqualTo(200);
			stream.awaitBodyContaining("event: hello");
		}
		for (Socket head : heads) {
			head.close();
		}
	}

	private Socket request(String request) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		socket.setSoTimeout(5000);
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.UTF_8));
		out.flush();
		return socket;
	}

	private static String readHead(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		int read;
		while (head.indexOf("\r\n\r\n") < 0 && (read = in.read()) != -1) {
			head.append((char) read);
		}
		return head.toString();
	}

}
