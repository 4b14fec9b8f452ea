package io.github.eventsource.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input hurts nobody else: while one client misbehaves, a watched stream gets every
 * event sent to it, and the sessions return to zero afterwards.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=200ms", "eventsource.replay.enabled=true",
				"logging.level.io.github.eventsource.web.internal.EndpointRequestHandler=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class BadInputIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String WATCHED = "/feed/watched";

	private static final Pattern HELLO = Pattern.compile("event: hello\ndata: \\S+ (\\w+)\n");

	private final ExecutorService executor = Executors.newFixedThreadPool(6);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
	}

	@AfterEach
	void stopExecutor() {
		this.executor.shutdownNow();
	}

	@Test
	void answersGarbageHeadersWith400AndKeepsServingOthers() throws Exception {
		try (RawStream watched = open(WATCHED)) {
			List<String> garbage = List.of("GET /feed/x HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n",
					"GET /feed/x HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001\u0002b\r\n\r\n",
					"GET /feed/x HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "x".repeat(64 * 1024) + "\r\n\r\n",
					"G\u00e9T /feed/x HTTP/1.1\r\n\r\n", "\u0000\u0001\u0002\r\n\r\n",
					"GET /feed/x HTTP/9.9\r\nHost: localhost\r\n\r\n");
			for (String request : garbage) {
				assertThat(sendRaw(request)).as(request.substring(0, Math.min(40, request.length())))
					.satisfiesAnyOf((response) -> assertThat(response).startsWith("HTTP/1.1 400"),
							(response) -> assertThat(response).startsWith("HTTP/1.1 505"),
							// Jetty answers a header too large with 431 Request Header Fields Too Large
							(response) -> assertThat(response).startsWith("HTTP/1.1 431"),
							(response) -> assertThat(response).isEmpty());
			}
			for (int i = 0; i < 10; i++) {
				assertThat(this.template.broadcast(WATCHED, EventSourceEvent.of(Integer.toString(i))).localStreams())
					.isOne();
			}
			assertThat(dataLines(watched.awaitBodyContaining("data: 9\n"))).containsExactlyElementsOf(numbers(10));
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
	}

	@Test
	void ignoresLastEventIdOverOneKilobyteAndLogsItAtDebug(CapturedOutput output) throws Exception {
		String huge = "9".repeat(1025);
		try (RawStream stream = open("/feed/huge", "Last-Event-ID", huge)) {
			assertThat(replayOutcome(stream)).isEqualTo("NONE");
		}
		assertThat(output).contains("DEBUG")
			.contains("Ignoring a last event id of 1025 characters at /feed/huge")
			.doesNotContain(huge);
	}

	@Test
	void treatsLastEventIdWithLineBreaksAsUnknownAndInjectsNothing() throws Exception {
		this.template.broadcast("/feed/crlf", EventSourceEvent.of("before"));
		try (RawStream stream = open("/feed/crlf?lastEventId=1%0D%0Aevent:%20evil%0D%0Adata:%20injected%0D%0A")) {
			assertThat(replayOutcome(stream)).isEqualTo("RESET");
			this.template.broadcast("/feed/crlf", EventSourceEvent.of("after"));
			assertThat(stream.awaitBodyContaining("data: after")).doesNotContain("evil", "injected");
		}
	}

	@Test
	void answersTenThousandRequestsForMissingPathWith404WithoutLosingEvents() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		HttpRequest missing = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/no/such/path"))
			.timeout(TIMEOUT)
			.build();
		AtomicInteger notFound = new AtomicInteger();
		try (RawStream watched = open(WATCHED)) {
			Future<?> flood = this.executor.submit(() -> {
				Semaphore inFlight = new Semaphore(16);
				List<CompletableFuture<?>> requests = new ArrayList<>();
				for (int i = 0; i < 10_000; i++) {
					assertThat(inFlight.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
					requests.add(http.sendAsync(missing, HttpResponse.BodyHandlers.discarding())
						.whenComplete((response, ex) -> {
							inFlight.release();
							if (response != null && response.statusCode() == 404) {
								notFound.incrementAndGet();
							}
						}));
				}
				return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			});
			int published = publishUntilDone(flood, watched);
			flood.get(90, TimeUnit.SECONDS);
			assertThat(notFound).hasValue(10_000);
			assertThat(dataLines(watched.body())).containsExactlyElementsOf(numbers(published));
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
	}

	@Test
	void survivesThousandStreamsOpenedAndClosedAsFastAsPossible() throws Exception {
		try (RawStream watched = open(WATCHED)) {
			List<Future<?>> churners = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				churners.add(this.executor.submit(() -> {
					for (int i = 0; i < 250; i++) {
						try (RawSocket socket = RawSocket.open(this.port, "/feed/churn?group=churn")) {
							socket.readUntil("event: hello");
						}
					}
					return null;
				}));
			}
			Future<?> churn = this.executor.submit(() -> {
				for (Future<?> churner : churners) {
					churner.get(90, TimeUnit.SECONDS);
				}
				return null;
			});
			int published = publishUntilDone(churn, watched);
			churn.get(90, TimeUnit.SECONDS);
			assertThat(dataLines(watched.body())).containsExactlyElementsOf(numbers(published));
			await().atMost(TIMEOUT).until(() -> this.sessions.size() == 1);
			assertThat(this.template.broadcastToGroup("churn", EventSourceEvent.of("x")).localStreams()).isZero();
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
	}

	/**
	 * Publish numbered events to the watched stream, each once the previous one arrived,
	 * until the work is done.
	 * @return the number of events published
	 */
	private int publishUntilDone(Future<?> work, RawStream watched) {
		int published = 0;
		do {
			EventSourceEvent event = EventSourceEvent.of(Integer.toString(published));
			assertThat(this.template.broadcast(WATCHED, event).localStreams()).isOne();
			watched.awaitBodyContaining("data: " + published + "\n");
			published++;
		}
		while (!work.isDone());
		return published;
	}

	private String sendRaw(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[1024];
			int read;
			while (response.size() < 12 && (read = in.read(buffer)) != -1) {
				response.write(buffer, 0, read);
			}
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private RawStream open(String path, String... headers) throws Exception {
		RawStream stream = RawStream.open(this.port, path, headers);
		stream.awaitBodyContaining("event: hello");
		return stream;
	}

	private static String replayOutcome(RawStream stream) {
		Matcher matcher = HELLO.matcher(stream.awaitBodyContaining("event: hello"));
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private static List<String> numbers(int count) {
		List<String> numbers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			numbers.add(Integer.toString(i));
		}
		return numbers;
	}

	/**
	 * The data lines of a stream's events after its hello event.
	 */
	private static List<String> dataLines(String body) {
		return body.lines()
			.filter((line) -> line.startsWith("data: "))
			.skip(1)
			.map((line) -> line.substring("data: ".length()))
			.toList();
	}

}
