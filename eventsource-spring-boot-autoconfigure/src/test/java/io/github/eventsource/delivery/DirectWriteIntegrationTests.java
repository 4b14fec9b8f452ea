package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.RawStream;
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
 * Frames written straight to the response's output stream, once Spring MVC initialized
 * the stream's emitter: each event flushed on its own, in order, after what
 * {@code @OnOpen} sent before initialization, and a client that is gone noticed at the
 * next write.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=200ms", "eventsource.session.max-buffered-events=4096" })
@ExtendWith(OutputCaptureExtension.class)
class DirectWriteIntegrationTests {

	private static final Pattern DATA = Pattern.compile("(?m)^data: (\\S+)$");

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void flushesEachEventOnItsOwnAfterWhatOnOpenSent() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/feed/one")) {
			stream.awaitBodyContaining("event: hello");
			for (int i = 1; i <= 20; i++) {
				this.template.broadcast("/feed/one", EventSourceEvent.of("e" + i));
				// heartbeats (":") may follow the event, but no later event
				assertThat(stream.awaitBodyContaining("data: e" + i + "\n\n").replaceAll("(?m)^:\n", ""))
					.endsWith("data: e" + i + "\n\n");
			}
			String body = stream.body();
			assertThat(body.indexOf("event: hello")).isLessThan(body.indexOf("data: e1\n"));
		}
	}

	@Test
	void keepsTheOrderOfManyEventsSentAtOnce() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/feed/many")) {
			stream.awaitBodyContaining("event: hello");
			IntStream.range(0, 2000).forEach((i) -> this.template.broadcast("/feed/many", EventSourceEvent.of(i)));
			String body = stream.awaitBodyContaining("data: 1999\n\n");
			List<String> data = new ArrayList<>();
			Matcher matcher = DATA.matcher(body.substring(body.indexOf("data: 0\n")));
			while (matcher.find()) {
				data.add(matcher.group(1));
			}
			assertThat(data).containsExactlyElementsOf(IntStream.range(0, 2000).mapToObj(String::valueOf).toList());
		}
	}

	@Test
	void noticesAClientThatIsGoneAtTheNextWriteAndLogsAtDebugOnly(CapturedOutput output) throws Exception {
		RawSocket socket = RawSocket.open(this.port, "/feed/gone");
		socket.readUntil("event: hello");
		socket.cut();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.template.broadcast("/feed/gone", EventSourceEvent.of("anyone?"));
			return this.sessions.size() == 0;
		});
		assertThat(this.template.broadcast("/feed/gone", EventSourceEvent.of("x")).localStreams()).isZero();
		assertThat(output).doesNotContain("WARN").doesNotContain("ERROR");
	}

}
