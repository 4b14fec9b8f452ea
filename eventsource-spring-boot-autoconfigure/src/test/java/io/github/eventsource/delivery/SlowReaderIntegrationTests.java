package io.github.eventsource.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room whose history keeps its last 500 messages: a reader on a slow network falls more
 * than its stream's 1 MiB buffer behind and is not cut off, since every event it lacks is
 * still in the history; a reader that reconnects after missing more than that gets all
 * of it, at the pace it reads, then the live events.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.replay.enabled=true", "eventsource.replay.max-events=500",
				"eventsource.replay.max-bytes=64MB", "eventsource.replay.max-total-bytes=128MB" })
class SlowReaderIntegrationTests {

	private static final int MESSAGES = 20;

	private static final String PAYLOAD = "x".repeat(64 * 1024);

	private static final Pattern MESSAGE = Pattern.compile("id: (\\d+)\nevent: message\ndata: (\\d+) ");

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Test
	void aSlowReaderFurtherBehindThanItsBufferGetsEveryMessageAndAReconnectGetsTheRest() throws Exception {
		try (RawSocket slow = RawSocket.open(this.port, "/feed/room", 4096)) {
			slow.readUntil("event: hello");
			post(0);
			List<Message> before = messages(slow.readUntil("data: 0 "));
			String lastBefore = before.get(0).id();
			for (int i = 1; i <= MESSAGES; i++) {
				post(i);
			}
			// 20 KB/s for the first quarter MiB, while the room's 20 messages (1.25 MiB)
			// wait for it: more than the stream's buffer holds; then as fast as it goes
			String read = slow.readUntil("data: 5 ", 20 * 1024) + slow.readUntil("data: " + MESSAGES + " ");
			assertThat(messages(read)).extracting(Message::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
			post(MESSAGES + 1);
			slow.readUntil("data: " + (MESSAGES + 1) + " ");
			try (RawStream again = RawStream.open(this.port, "/feed/room", "Last-Event-ID", lastBefore)) {
				again.awaitBodyContaining("data: " + MESSAGES + " ");
				post(MESSAGES + 2);
				String replayed = again.awaitBodyContaining("data: " + (MESSAGES + 2) + " ");
				assertThat(messages(replayed)).extracting(Message::index)
					.containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22);
			}
		}
	}

	private void post(int index) {
		this.template.broadcast("/feed/room", EventSourceEvent.of("message", index + " " + PAYLOAD));
	}

	private static List<Message> messages(String received) {
		List<Message> messages = new ArrayList<>();
		Matcher matcher = MESSAGE.matcher(received);
		while (matcher.find()) {
			messages.add(new Message(matcher.group(1), Integer.parseInt(matcher.group(2))));
		}
		return messages;
	}

	private record Message(String id, int index) {
	}

}
