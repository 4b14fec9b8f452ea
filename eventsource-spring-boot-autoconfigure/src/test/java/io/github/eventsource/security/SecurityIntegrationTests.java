package io.github.eventsource.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import io.github.eventsource.test.ReceivedEvent;
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
 * Streams behind Spring Security: authenticated with HTTP basic or a session cookie, or
 * checked with a token in a query parameter; the async dispatches of a long-lived stream
 * pass the filter chain, also after the HTTP session ended.
 */
@SpringBootTest(classes = SecuredEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "eventsource.heartbeat.interval=200ms",
				"logging.level.io.github.eventsource=DEBUG" })
@AutoConfigureEventSourceTestClient
@ExtendWith(OutputCaptureExtension.class)
class SecurityIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	SecuredEndpoints.Feed feed;

	@Autowired
	SecuredEndpoints.Tokens tokens;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
		this.feed.checked.clear();
	}

	@Test
	void refusesUnauthenticatedRequestWith401AndOpensNoStream() {
		try (EventSourceTestStream stream = this.client.connect("/feed")) {
			stream.awaitClosed();
			assertThat(stream.status()).isEqualTo(401);
			assertThat(stream.events()).isEmpty();
		}
		assertThat(this.feed.checked).isEmpty();
		assertThat(this.sessions.size()).isZero();
	}

	@Test
	void resolvesPrincipalAndAuthenticationAndSendsToTheAuthenticatedUser(CapturedOutput output) {
		try (EventSourceTestStream stream = this.client.connect("/feed",
				(headers) -> headers.setBasicAuth("alice", "wonderland"))) {
			assertThat(stream.awaitEvent(TIMEOUT)).isEqualTo(new ReceivedEvent("hello", "alice", null));
			assertThat(this.feed.checked).containsExactly("alice/alice");
			assertThat(this.template.broadcastToUser("alice", EventSourceEvent.of("dm", "for alice")).localStreams())
				.isOne();
			assertThat(stream.awaitEvent(TIMEOUT).data()).isEqualTo("for alice");
			this.feed.sessions.get("alice").close();
			stream.awaitClosed();
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
		assertThatAsyncDispatchesPassed(output);
	}

	@Test
	void opensStreamWithSessionCookieAndCompletesItAfterTheSessionEnded(CapturedOutput output) throws Exception {
		String cookie = login("user", "password");
		try (EventSourceTestStream stream = this.client.connect("/feed", (headers) -> headers.set("Cookie", cookie))) {
			assertThat(stream.awaitEvent(TIMEOUT).data()).isEqualTo("user");
			this.feed.httpSessions.get("user").invalidate();
			assertThat(this.template.broadcastToUser("user", EventSourceEvent.of("still", "open")).localStreams())
				.isOne();
			assertThat(stream.awaitEvent(TIMEOUT).data()).isEqualTo("open");
			this.feed.sessions.get("user").close();
			stream.awaitClosed();
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
		assertThatAsyncDispatchesPassed(output);
	}

	@Test
	void opensStreamWithShortLivedTokenInQueryParameterAndNeverLogsIt(CapturedOutput output) {
		String token = this.tokens.issue("bob", Duration.ofSeconds(30));
		try (EventSourceTestStream stream = this.client.connect("/token-feed?token=" + token)) {
			assertThat(stream.awaitEvent(TIMEOUT).data()).isEqualTo("bob");
		}
		try (EventSourceTestStream reused = this.client.connect("/token-feed?token=" + token)) {
			reused.awaitClosed();
			assertThat(reused.status()).isEqualTo(401);
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.size() == 0);
		assertThat(output).contains("Opened stream").doesNotContain(token);
	}

	@Test
	void refusesExpiredToken() {
		String token = this.tokens.issue("bob", Duration.ofSeconds(-1));
		try (EventSourceTestStream stream = this.client.connect("/token-feed?token=" + token)) {
			stream.awaitClosed();
			assertThat(stream.status()).isEqualTo(401);
		}
	}

	private void assertThatAsyncDispatchesPassed(CapturedOutput output) {
		assertThat(output).doesNotContain("Access Denied", "AccessDenied", "AuthorizationDenied",
				"already committed", "Cannot forward");
	}

	private String login(String user, String password) throws Exception {
		HttpResponse<Void> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
					.build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.doesNotContain("error"));
		return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
	}

}
