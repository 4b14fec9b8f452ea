package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.eventsource.broadcast.BroadcastResult;
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
 * The delivery engine on a real server: broadcast, groups, users, sessions, replay,
 * heartbeats, dead clients and log hygiene.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=200ms", "eventsource.replay.enabled=true",
				"eventsource.replay.max-events=1000" })
@ExtendWith(OutputCaptureExtension.class)
class DeliveryIntegrationTests {

	private static final Pattern HELLO = Pattern.compile("event: hello\ndata: (\\S+) (\\w+)\n");

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
	void broadcastReachesEveryStreamOfThePathOnly() throws Exception {
		try (RawStream one = open("/feed/news"); RawStream two = open("/feed/news"); RawStream other = open("/feed/sport")) {
			assertThat(this.template.broadcast("/feed/news", EventSourceEvent.of("flash", "extra")).localStreams())
				.isEqualTo(2);
			assertThat(one.awaitBodyContaining("data: extra")).contains("event: flash\ndata: extra\n\n");
			assertThat(two.awaitBodyContaining("data: extra")).contains("event: flash\ndata: extra\n\n");
			assertThat(other.body()).doesNotContain("extra");
		}
	}

	@Test
	void groupSendReachesMembersOnly() throws Exception {
		try (RawStream admin = open("/feed/a?group=admins&group=staff"); RawStream staff = open("/feed/b?group=staff");
				RawStream none = open("/feed/c")) {
			assertThat(this.template.broadcastToGroup("admins", EventSourceEvent.of("note", "for admins")))
				.isEqualTo(BroadcastResult.acceptedFor(1));
			assertThat(this.template.broadcastToGroup("staff", EventSourceEvent.of("note", "for staff")).localStreams())
				.isEqualTo(2);
			assertThat(admin.awaitBodyContaining("for staff")).contains("for admins");
			assertThat(staff.awaitBodyContaining("for staff")).doesNotContain("for admins");
			assertThat(none.body()).doesNotContain("for");
		}
	}

	@Test
	void userSendReachesEveryStreamOfTheUser() throws Exception {
		try (RawStream first = open("/feed/a", "X-User", "alice"); RawStream second = open("/feed/b", "X-User", "alice");
				RawStream bob = open("/feed/c", "X-User", "bob")) {
			assertThat(this.template.broadcastToUser("alice", EventSourceEvent.of("dm", "hi alice")).localStreams())
				.isEqualTo(2);
			assertThat(first.awaitBodyContaining("hi alice")).isNotNull();
			assertThat(second.awaitBodyContaining("hi alice")).isNotNull();
			assertThat(bob.body()).doesNotContain("hi alice");
		}
	}

	@Test
	void sessionSendReachesThatSessionOnly() throws Exception {
		try (RawStream target = open("/feed/a"); RawStream other = open("/feed/a")) {
			String id = hello(target)[0];
			assertThat(this.template.broadcastToSession(id, EventSourceEvent.of("only you")))
				.isEqualTo(BroadcastResult.acceptedFor(1));
			assertThat(this.template.broadcastToSession("no-such-session", EventSourceEvent.of("lost")))
				.isEqualTo(BroadcastResult.REFUSED);
			assertThat(target.awaitBodyContaining("only you")).isNotNull();
			assertThat(other.body()).doesNotContain("only you");
		}
	}

	@Test
	void replaysExactlyTheMissedEventsAfterLastEventId() throws Exception {
		String lastId;
		try (RawStream first = open("/feed/replay")) {
			broadcast("/feed/replay", "one", "two");
			lastId = lastId(first.awaitBodyContaining("data: two"));
		}
		broadcast("/feed/replay", "three", "four");
		try (RawStream again = open("/feed/replay", "Last-Event-ID", lastId)) {
			assertThat(hello(again)[1]).isEqualTo("REPLAYED");
			broadcast("/feed/replay", "five");
			String body = again.awaitBodyContaining("data: five");
			assertThat(dataLines(body)).containsExactly("three", "four", "five");
		}
	}

	@Test
	void replaysWhatWasMissedFromThePathAndTwoGroupsInOrderOnce() throws Exception {
		String path = "/feed/timeline?group=red&group=blue";
		String lastId;
		try (RawStream first = open(path)) {
			broadcast("/feed/timeline", "p1");
			this.template.broadcastToGroup("red", EventSourceEvent.of("r1"));
			this.template.broadcastToGroup("blue", EventSourceEvent.of("b1"));
			lastId = lastId(first.awaitBodyContaining("data: b1"));
		}
		broadcast("/feed/timeline", "p2");
		this.template.broadcastToGroup("blue", EventSourceEvent.of("b2"));
		this.template.broadcastToGroup("red", EventSourceEvent.of("r2"));
		this.template.broadcastToGroup("green", EventSourceEvent.of("g2"));
		broadcast("/feed/timeline", "p3");
		try (RawStream again = open(path, "Last-Event-ID", lastId)) {
			this.template.broadcastToGroup("red", EventSourceEvent.of("r3"));
			String body = again.awaitBodyContaining("data: r3");
			assertThat(dataLines(body)).containsExactly("p2", "b2", "r2", "p3", "r3");
		}
	}

	@Test
	void acceptsLastEventIdAsQueryParameterAndPrefersTheHeader() throws Exception {
		String first;
		String second;
		try (RawStream stream = open("/feed/query")) {
			broadcast("/feed/query", "one");
			first = lastId(stream.awaitBodyContaining("data: one"));
			broadcast("/feed/query", "two");
			second = lastId(stream.awaitBodyContaining("data: two"));
		}
		broadcast("/feed/query", "three");
		try (RawStream byParameter = open("/feed/query?lastEventId=" + second);
				RawStream byHeader = open("/feed/query?lastEventId=" + first, "Last-Event-ID", second)) {
			assertThat(dataLines(byParameter.awaitBodyContaining("data: three"))).containsExactly("three");
			assertThat(dataLines(byHeader.awaitBodyContaining("data: three"))).containsExactly("three");
		}
	}

	@Test
	void sendsResetEventWhenLastEventIdIsUnknown() throws Exception {
		try (RawStream stream = open("/feed/reset", "Last-Event-ID", "does-not-exist")) {
			assertThat(stream.awaitBodyContaining("event: reset")).contains("event: reset\ndata:\n\n");
			assertThat(hello(stream)[1]).isEqualTo("RESET");
		}
	}

	@Test
	void replayLosesAndRepeatsNothingWhileEventsArePublished() throws Exception {
		int rounds = 10;
		int batch = 50;
		List<String> received = new ArrayList<>();
		String lastId = null;
		for (int round = 0; round < rounds; round++) {
			int first = round * batch + 1;
			Thread publisher = new Thread(() -> {
				for (int i = first; i < first + batch; i++) {
					this.template.broadcast("/feed/race", EventSourceEvent.of(Integer.toString(i)));
				}
			});
			if (lastId == null) {
				try (RawStream stream = open("/feed/race")) {
					publisher.start();
					String body = stream.awaitBodyContaining("data: " + (first + batch - 1) + "\n");
					received.addAll(dataLines(body));
					lastId = lastId(body);
				}
			}
			else {
				publisher.start();
				try (RawStream stream = open("/feed/race", "Last-Event-ID", lastId)) {
					String body = stream.awaitBodyContaining("data: " + (first + batch - 1) + "\n");
					received.addAll(dataLines(body));
					lastId = lastId(body);
				}
			}
			publisher.join(5000);
		}
		List<String> expected = new ArrayList<>();
		for (int i = 1; i <= rounds * batch; i++) {
			expected.add(Integer.toString(i));
		}
		assertThat(received).containsExactlyElementsOf(expected);
	}

	@Test
	void sendsHeartbeatCommentsToIdleStreams() throws Exception {
		try (RawStream stream = open("/feed/idle")) {
			assertThat(stream.awaitBodyContaining("\n:\n")).isNotNull();
		}
	}

	@Test
	void noticesAbruptlyCutClientAtTheNextHeartbeatAndLogsAtDebugOnly(CapturedOutput output) throws Exception {
		DeliveryEndpoints.closed.clear();
		RawSocket socket = RawSocket.open(this.port, "/feed/cut?group=cut");
		String id = helloOf(socket.readUntil("event: hello") + socket.readUntil("\n\n"))[0];
		socket.cut();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(DeliveryEndpoints.closed).contains(id));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
		assertThat(this.template.broadcastToGroup("cut", EventSourceEvent.of("x")).localStreams()).isZero();
		assertThat(output).doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void thousandConnectDisconnectCyclesLeakNoSession() throws Exception {
		for (int i = 0; i < 1000; i++) {
			RawSocket socket = RawSocket.open(this.port, "/feed/churn?group=churn", "X-User", "churner");
			socket.readUntil("event: hello");
			if (i % 2 == 0) {
				socket.cut();
			}
			else {
				socket.close();
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.size() == 0);
		assertThat(this.template.broadcastToGroup("churn", EventSourceEvent.of("x")).localStreams()).isZero();
		assertThat(this.template.broadcastToUser("churner", EventSourceEvent.of("x")).localStreams()).isZero();
	}

	private RawStream open(String path, String... headers) throws Exception {
		RawStream stream = RawStream.open(this.port, path, headers);
		stream.awaitBodyContaining("event: hello");
		return stream;
	}

	private void broadcast(String path, String... data) {
		for (String item : data) {
			this.template.broadcast(path, EventSourceEvent.of(item));
		}
	}

	private static String[] hello(RawStream stream) {
		return helloOf(stream.awaitBodyContaining("event: hello"));
	}

	private static String[] helloOf(String body) {
		Matcher matcher = HELLO.matcher(body);
		assertThat(matcher.find()).as("hello event in %s", body).isTrue();
		return new String[] { matcher.group(1), matcher.group(2) };
	}

	private static List<String> dataLines(String body) {
		List<String> data = new ArrayList<>();
		// heartbeat comments may come just before an event
		for (String event : body.replaceAll("(?m)^:.*\n", "").split("\n\n")) {
			if (event.startsWith("id: ") && event.contains("\ndata: ")) {
				data.add(event.substring(event.indexOf("\ndata: ") + 7));
			}
		}
		return data;
	}

	private static String lastId(String body) {
		Matcher matcher = Pattern.compile("id: (\\S+)\n").matcher(body);
		String last = null;
		while (matcher.find()) {
			last = matcher.group(1);
		}
		return last;
	}

}
