package io.github.eventsource.delivery;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection limits, by default: past them a new stream is answered with a stream that
 * ends at once and tells the client when to reconnect (so that a browser comes back by
 * itself), counted as a refusal; open streams are untouched. Clients are told apart by
 * binding their sockets to different loopback addresses.
 */
@SpringBootTest(classes = { DeliveryEndpoints.class, LimitsIntegrationTests.Metered.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.heartbeat.interval=200ms", "eventsource.limits.max-connections=4",
				"eventsource.limits.max-connections-per-user=1", "eventsource.limits.max-connections-per-address=2",
				"eventsource.limits.retry-after=2s" })
class LimitsIntegrationTests {

	private static final Pattern RETRY = Pattern.compile("\nretry: (\\d+)\n");

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void refusesStreamsPastTheTotalLimitWithAStreamThatEndsAtOnceWithAJitteredRetry() throws Exception {
		double refusedBefore = refusedByLimit();
		try (RawSocket one = open("127.0.0.1"); RawSocket two = open("127.0.0.1"); RawSocket three = open("127.0.0.2");
				RawSocket four = open("127.0.0.2")) {
			String refused = refused("127.0.0.3");
			assertThat(refused).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
			assertThat(retryMillis(refused)).isBetween(1000L, 3000L);
			assertThat(refused).doesNotContain("event: hello");
			assertThat(this.template.broadcast("/feed/a", EventSourceEvent.of("still here")).localStreams())
				.isEqualTo(4);
			assertThat(one.readUntil("still here")).isNotNull();
		}
		assertThat(refusedByLimit() - refusedBefore).isOne();
	}

	@Test
	void oneAddressCannotHoldMoreThanItsCapWhileAnotherStillOpensStreams() throws Exception {
		try (RawSocket one = open("127.0.0.2"); RawSocket two = open("127.0.0.2")) {
			assertThat(refused("127.0.0.2")).startsWith("HTTP/1.1 200").contains("retry: ");
			assertThat(this.sessions.sizeOfAddress("127.0.0.2")).isEqualTo(2);
			try (RawSocket other = open("127.0.0.1")) {
				assertThat(this.sessions.size()).isEqualTo(3);
			}
		}
	}

	@Test
	void perUserCapStillAppliesToAuthenticatedUsersFromAnyAddress() throws Exception {
		try (RawSocket alice = open("127.0.0.1", "X-User", "alice")) {
			assertThat(refused("127.0.0.2", "X-User", "alice")).contains("retry: ");
			try (RawSocket bob = open("127.0.0.2", "X-User", "bob")) {
				assertThat(this.template.broadcastToUser("alice", EventSourceEvent.of("still yours")).localStreams())
					.isOne();
				assertThat(alice.readUntil("still yours")).isNotNull();
			}
		}
	}

	@Test
	void refusesNewStreamsOnceShuttingDownAndTellsThemToReconnect() throws Exception {
		this.sessions.stopAccepting();
		try {
			assertThat(refused("127.0.0.1")).startsWith("HTTP/1.1 200").contains(": Shutting down").contains("retry: ");
		}
		finally {
			this.sessions.startAccepting();
		}
		try (RawSocket open = open("127.0.0.1")) {
			assertThat(this.sessions.size()).isOne();
		}
	}

	private RawSocket open(String address, String... headers) throws Exception {
		RawSocket socket = RawSocket.openFrom(address, this.port, "/feed/a", headers);
		socket.readUntil("event: hello");
		return socket;
	}

	private String refused(String address, String... headers) throws Exception {
		String[] all = new String[headers.length + 2];
		System.arraycopy(headers, 0, all, 0, headers.length);
		all[headers.length] = "Connection";
		all[headers.length + 1] = "close";
		try (RawSocket socket = RawSocket.openFrom(address, this.port, "/feed/a", all)) {
			return socket.readToEnd();
		}
	}

	private static long retryMillis(String response) {
		Matcher matcher = RETRY.matcher(response);
		assertThat(matcher.find()).as("retry field in %s", response).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private double refusedByLimit() {
		return this.meters.get("eventsource.streams.refused")
			.tag("endpoint", "/feed/{name}")
			.tag("reason", "limit")
			.counter()
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class Metered {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
