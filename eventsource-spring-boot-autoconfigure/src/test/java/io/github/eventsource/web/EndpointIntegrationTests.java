package io.github.eventsource.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.eventsource.core.SessionRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Endpoint behaviour on a real server (Tomcat, and Jetty in the build's second test run): refusals, argument resolution, lifecycle.
 */
@SpringBootTest(classes = TestEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "eventsource.heartbeat.interval=200ms")
class EndpointIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
		TestEndpoints.closed.clear();
	}

	@Test
	void refusesStreamWith403WhenCheckConnectionReturnsFalse() throws Exception {
		HttpResponse<String> response = get("/refused");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("forbidden");
		// Jetty spells the charset utf-8
		assertThat(response.headers().firstValue("Content-Type").map(MediaType::parseMediaType))
			.hasValue(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		assertThat(response.headers().firstValue("X-Refused")).hasValue("yes");
		assertThat(TestEndpoints.closed).isEmpty();
		assertThat(this.sessions.size()).isZero();
	}

	@Test
	void refusesStreamWithStatusAndMessageOfSessionError() throws Exception {
		HttpResponse<String> response = get("/errored");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("go away");
	}

	@Test
	void refusesStreamWithStatusAndReasonOfResponseStatusException() throws Exception {
		HttpResponse<String> response = get("/rejected");
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.body()).isEqualTo("slow down");
	}

	@Test
	void answersOtherMethodsWith405AndAllowHeader() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri("/rooms/1")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET"));
	}

	@Test
	void resolvesPathVariablesParametersHeadersAndCookies() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/halls/42?who=doge", "X-Test", "wow", "Cookie",
				"flavour=vanilla")) {
			assertThat(stream.headers().firstValue("X-Room")).hasValue("42");
			assertThat(stream.awaitBodyContaining("joined")).contains("data: 42 doge wow vanilla\n");
		}
	}

	@Test
	void checkConnectionSeesPathVariables() throws Exception {
		assertThat(get("/rooms/secret").statusCode()).isEqualTo(403);
	}

	@Test
	void callsOnCloseOnceWithArgumentsResolvedAtOpenWhenClientGoes() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/rooms/7")) {
			stream.awaitBodyContaining("joined");
			assertThat(this.sessions.size()).isOne();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(TestEndpoints.closed).containsExactly("7"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void closesStreamAfterQueuedEventsWhenSessionIsClosed() throws Exception {
		try (RawStream stream = RawStream.open(this.port, "/closing")) {
			assertThat(stream.awaitEnd()).isEqualTo("data: bye\n\n");
		}
		assertThat(TestEndpoints.closed).containsExactly("closing-sent:false");
	}

	@Test
	void closesOnlyTheStreamWhoseOnOpenThrows() throws Exception {
		try (RawStream other = RawStream.open(this.port, "/rooms/8"); RawStream failing = RawStream.open(this.port, "/failing")) {
			assertThat(failing.awaitEnd()).isEqualTo("data: before\n\n");
			assertThat(TestEndpoints.closed).containsExactly("failing");
			assertThat(other.awaitBodyContaining("joined")).contains("data: 8 ");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 1);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
