package io.github.eventsource.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.eventsource.broadcast.EventSourceTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With response compression on, and {@code text/event-stream} among its MIME types,
 * streams are still sent uncompressed and flushed after every event.
 */
@SpringBootTest(classes = StreamingEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.compression.enabled=true",
				"server.compression.mime-types=text/event-stream,text/plain",
				"server.compression.min-response-size=1B" })
class CompressionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Test
	void compressesOtherResponses() throws Exception {
		HttpResponse<byte[]> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/page"))
				.header("Accept-Encoding", "gzip")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
	}

	@Test
	void neverCompressesStreams() throws Exception {
		StreamFlushing.assertEveryEventFlushed(this.port, this.template);
	}

}
