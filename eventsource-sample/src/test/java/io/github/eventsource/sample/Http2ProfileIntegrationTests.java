package io.github.eventsource.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in its {@code h2} profile serves its pages and streams over HTTP/2 with TLS
 * and the demo certificate, which the client trusts (the SSL bundle {@code demo-client}):
 * the streams of one connection each get their events.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.ssl.bundle.pem.demo-client.truststore.certificate=classpath:tls/demo-certificate.pem")
@ActiveProfiles("h2")
class Http2ProfileIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SslBundles sslBundles;

	private HttpClient client;

	@BeforeEach
	void createClient() {
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.sslContext(this.sslBundles.getBundle("demo-client").createSslContext())
			.build();
	}

	@Test
	void servesPagesOverHttp2() throws Exception {
		for (String page : List.of("/demo.html", "/chat.html")) {
			HttpResponse<String> response = this.client.send(request(page).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.body()).contains("<script>");
		}
	}

	@Test
	void streamsOfOneConnectionEachGetTheirEvent() throws Exception {
		List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
		try {
			for (int n = 0; n < 10; n++) {
				// the first stream opens the connection, which the others then share
				streams.add(this.client.send(request("/wow/" + n).build(), HttpResponse.BodyHandlers.ofLines()));
			}
			for (int n = 0; n < streams.size(); n++) {
				assertThat(streams.get(n).version()).isEqualTo(HttpClient.Version.HTTP_2);
				assertThat(streams.get(n).headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
				assertThat(firstData(streams.get(n), null)).isEqualTo("data: such Wow " + n);
			}
		}
		finally {
			streams.forEach((stream) -> stream.body().close());
		}
	}

	@Test
	void chatRoomTakesPostsAndStreamsThemOverHttp2() throws Exception {
		String room = "/rooms/" + UUID.randomUUID();
		HttpResponse<Stream<String>> stream = this.client.send(request(room).build(),
				HttpResponse.BodyHandlers.ofLines());
		try {
			HttpResponse<String> posted = this.client.send(request(room).header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("such h2"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(posted.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(posted.statusCode()).isEqualTo(202);
			// the room's presence events come first
			assertThat(firstData(stream, "message")).isEqualTo("data: such h2");
		}
		finally {
			stream.body().close();
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path));
	}

	/**
	 * Read a stream's lines up to the first {@code data:} line of an event of the given
	 * name ({@code null} for a nameless one), for at most 10 seconds.
	 */
	private static String firstData(HttpResponse<Stream<String>> stream, @Nullable String event) throws Exception {
		String[] name = { null };
		return CompletableFuture.supplyAsync(() -> stream.body().filter((line) -> {
			if (line.startsWith("event:")) {
				name[0] = line.substring("event:".length()).trim();
			}
			else if (line.isEmpty()) {
				name[0] = null;
			}
			return line.startsWith("data:") && Objects.equals(name[0], event);
		}).findFirst().orElse("ended")).get(10, TimeUnit.SECONDS);
	}

}
