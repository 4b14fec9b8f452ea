package io.github.eventsource.http2;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams over HTTP/2 with TLS (Boot's {@code server.http2.enabled} and an SSL bundle),
 * on Tomcat and, in the {@code jetty} execution, on Jetty: the streams of one connection
 * each get their events; streams their client resets end; and one whose client stops
 * reading it (its flow-control window runs out) delays none of the others and is ended,
 * by the overflow policy or by the stall sweep, while the connection and its other
 * streams stay open.
 */
@SpringBootTest(classes = Http2Endpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=classpath:tls/test-certificate.pem",
				"spring.ssl.bundle.pem.server.keystore.private-key=classpath:tls/test-private-key.pem",
				"spring.ssl.bundle.pem.client.truststore.certificate=classpath:tls/test-certificate.pem",
				"eventsource.heartbeat.interval=500ms" })
class Http2IntegrationTests {

	private static final String WINDOW_SIZE = "jdk.httpclient.windowsize";

	/**
	 * One event is more than a stalled stream's window (64 KB) and the container take,
	 * and less than its buffer (1 MB), which a few more overflow.
	 */
	private static final String QUARTER_MEGABYTE = "x".repeat(256 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	SslBundles sslBundles;

	@Autowired
	EventSourceTemplate template;

	/**
	 * The client's flow-control window per stream: HTTP/2's default of 64 KB instead of
	 * the JDK's 16 MB, so that a stalled stream runs out of it after little data. Read
	 * when the client opens a connection.
	 */
	@BeforeAll
	static void useDefaultWindowSize() {
		System.setProperty(WINDOW_SIZE, "65535");
	}

	@AfterAll
	static void restoreWindowSize() {
		System.clearProperty(WINDOW_SIZE);
	}

	@Test
	void streamsOfOneConnectionEachGetTheirEvents() {
		HttpClient client = client();
		List<Http2Stream> streams = new ArrayList<>();
		try {
			// more than Tomcat runs on its threads at once for one connection (20): open
			// streams hold no thread
			for (int i = 0; i < 24; i++) {
				streams.add(Http2Stream.reading(client, uri("/h2/several-" + i)));
			}
			sessionIdsOnOneConnection(streams);
			for (int i = 0; i < streams.size(); i++) {
				this.template.broadcast("/h2/several-" + i, EventSourceEvent.of("only", "for " + i));
			}
			for (int i = 0; i < streams.size(); i++) {
				assertThat(streams.get(i).awaitBodyContaining("data: for " + i + "\n\n")).doesNotContain("data: for "
						+ ((i + 1) % streams.size()) + "\n");
			}
		}
		finally {
			streams.forEach(Http2Stream::close);
		}
	}

	@Test
	void streamsTheirClientResetsEnd() {
		HttpClient client = client();
		List<Http2Stream> streams = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			streams.add(Http2Stream.reading(client, uri("/h2/reset-" + i)));
		}
		List<String> ids = sessionIdsOnOneConnection(streams);
		streams.forEach(Http2Stream::close);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Http2Endpoints.closed).containsAll(ids));
	}

	@Test
	void streamThatOverflowsWhileItsReaderStallsDelaysNoOtherAndIsEnded() {
		HttpClient client = client();
		try (Http2Stream stalled = Http2Stream.stalledAfterHello(client, uri("/h2/overflowing"));
				Http2Stream other = Http2Stream.reading(client, uri("/h2/beside-overflowing"))) {
			List<String> ids = sessionIdsOnOneConnection(List.of(stalled, other));
			String stalledId = ids.get(0);
			String otherId = ids.get(1);
			for (int i = 0; i < 8; i++) {
				this.template.broadcast("/h2/overflowing", EventSourceEvent.of("big", QUARTER_MEGABYTE));
			}
			this.template.broadcast("/h2/beside-overflowing", EventSourceEvent.of("after", "the flood"));
			other.awaitBodyContaining("data: the flood\n\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> Http2Endpoints.closed.contains(stalledId));
			this.template.broadcast("/h2/beside-overflowing", EventSourceEvent.of("after", "the end of the other"));
			other.awaitBodyContaining("data: the end of the other\n\n");
			assertThat(Http2Endpoints.closed).doesNotContain(otherId);
			assertThat(stalled.body()).doesNotContain("event: big");
		}
	}

	@Test
	void streamWhoseReaderStallsIsEndedByTheStallSweepWhileOthersGoOn() {
		HttpClient client = client();
		try (Http2Stream stalled = Http2Stream.stalledAfterHello(client, uri("/h2/stalled"));
				Http2Stream other = Http2Stream.reading(client, uri("/h2/beside-stalled"))) {
			List<String> ids = sessionIdsOnOneConnection(List.of(stalled, other));
			String stalledId = ids.get(0);
			String otherId = ids.get(1);
			this.template.broadcast("/h2/stalled", EventSourceEvent.of("big", QUARTER_MEGABYTE));
			this.template.broadcast("/h2/beside-stalled", EventSourceEvent.of("after", "the big one"));
			other.awaitBodyContaining("data: the big one\n\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> Http2Endpoints.closed.contains(stalledId));
			this.template.broadcast("/h2/beside-stalled", EventSourceEvent.of("after", "the end of the other"));
			other.awaitBodyContaining("data: the end of the other\n\n");
			assertThat(Http2Endpoints.closed).doesNotContain(otherId);
		}
	}

	private HttpClient client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.sslContext(this.sslBundles.getBundle("client").createSslContext())
			.build();
	}

	private URI uri(String path) {
		return URI.create("https://localhost:" + this.port + path);
	}

	/**
	 * Await the {@code hello} of each stream, and return their session ids, asserting
	 * that they came over HTTP/2 and from one client port: one connection.
	 */
	private static List<String> sessionIdsOnOneConnection(List<Http2Stream> streams) {
		List<String> ids = new ArrayList<>();
		Set<String> clientPorts = new HashSet<>();
		for (Http2Stream stream : streams) {
			assertThat(stream.response().version()).isEqualTo(HttpClient.Version.HTTP_2);
			String[] hello = stream.awaitHello().split(" ");
			assertThat(hello[1]).isEqualTo("HTTP/2.0");
			ids.add(hello[0]);
			clientPorts.add(hello[2]);
		}
		assertThat(clientPorts).as("client ports").hasSize(1);
		return ids;
	}

}
