package io.github.eventsource.autoconfigure.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestParam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code eventsource} Actuator endpoint over HTTP, exposed like any endpoint, with
 * the largest concrete paths shown ({@code eventsource.actuator.show-paths}).
 */
@SpringBootTest(classes = EventSourceStreamsEndpointIntegrationTests.ReportedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,eventsource",
				"eventsource.heartbeat.interval=200ms", "eventsource.actuator.show-paths=true" })
@AutoConfigureEventSourceTestClient
class EventSourceStreamsEndpointIntegrationTests {

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

	@BeforeEach
	void awaitNoOpenStreams() {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.size() == 0);
	}

	@Test
	void listsEndpointsWithOpenStreamsGroupsAndHistorySizes() throws Exception {
		this.template.broadcast("/news/secret-alice", EventSourceEvent.of("for alice only"));
		this.template.broadcast("/news/secret-alice", EventSourceEvent.of("again"));
		try (EventSourceTestStream first = this.client.connect("/news/secret-alice?group=lobby");
				EventSourceTestStream second = this.client.connect("/news/secret-bob?group=lobby&group=staff");
				EventSourceTestStream watch = this.client.connect("/watch")) {
			first.awaitEvent(TIMEOUT);
			second.awaitEvent(TIMEOUT);
			watch.awaitOpen();
			String body = get("/actuator/eventsource");
			assertThat(JsonPath.<Integer>read(body, "$.openStreams")).isEqualTo(3);
			assertThat(JsonPath.<List<Map<String, Object>>>read(body, "$.endpoints[*].paths[?(@.pattern=='/news/{name}')]"))
				.singleElement()
				.isEqualTo(Map.of("pattern", "/news/{name}", "openStreams", 2, "replay", true, "historySize", 2));
			assertThat(JsonPath.<List<Integer>>read(body, "$.endpoints[*].paths[?(@.pattern=='/watch')].openStreams"))
				.containsExactly(1);
			assertThat(JsonPath.<List<String>>read(body, "$.endpoints[*].bean")).anyMatch((bean) -> bean.endsWith("News"));
			assertThat(JsonPath.<List<Integer>>read(body, "$.groups[?(@.name=='lobby')].streams")).containsExactly(2);
			assertThat(JsonPath.<List<Integer>>read(body, "$.groups[?(@.name=='staff')].streams")).containsExactly(1);
			assertThat(JsonPath.<List<Map<String, Object>>>read(body, "$.presence.paths")).containsExactly(
					Map.of("name", "/news/secret-alice", "streams", 1, "users", 0),
					Map.of("name", "/news/secret-bob", "streams", 1, "users", 0),
					Map.of("name", "/watch", "streams", 1, "users", 0));
			assertThat(JsonPath.<List<Map<String, Object>>>read(body, "$.presence.groups")).containsExactly(
					Map.of("name", "lobby", "streams", 2, "users", 0), Map.of("name", "staff", "streams", 1, "users", 0));
			// concrete paths only in the presence report
			assertThat(body.substring(0, body.indexOf("\"presence\""))).doesNotContain("alice", "bob");
			assertThat(body).doesNotContain("127.0.0.1", "hello");
		}
	}

	@Test
	void reportsOnlyTheLargestConcretePaths() throws Exception {
		List<EventSourceTestStream> streams = new ArrayList<>();
		try {
			for (int i = 0; i <= EventSourceStreamsEndpoint.LARGEST; i++) {
				streams.add(this.client.connect("/news/many-" + i + "?group=g" + i));
			}
			streams.add(this.client.connect("/news/many-0?group=g0"));
			streams.forEach((stream) -> stream.awaitEvent(TIMEOUT));
			String body = get("/actuator/eventsource");
			List<Map<String, Object>> paths = JsonPath.read(body, "$.presence.paths");
			assertThat(paths).hasSize(EventSourceStreamsEndpoint.LARGEST);
			assertThat(paths.get(0)).isEqualTo(Map.of("name", "/news/many-0", "streams", 2, "users", 0));
			assertThat(JsonPath.<List<Object>>read(body, "$.presence.groups")).hasSize(EventSourceStreamsEndpoint.LARGEST);
		}
		finally {
			streams.forEach(EventSourceTestStream::close);
		}
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ News.class, Watch.class })
	static class ReportedApplication {

	}

	@EventSourceEndpoint(path = "/news/{name}", replay = true)
	static class News {


		@OnOpen
		void open(EventSourceSession session, @RequestParam List<String> group) {
			group.forEach(session::join);
			session.send("hello");
		}

	}

	@EventSourceEndpoint("/watch")
	static class Watch {

	}

}
