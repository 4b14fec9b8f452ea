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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ShallowEtagHeaderFilter}, which buffers whole responses to hash them, does not
 * buffer streams.
 */
@SpringBootTest(classes = { StreamingEndpoints.class, ShallowEtagHeaderFilterIntegrationTests.Etags.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ShallowEtagHeaderFilterIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Test
	void hashesOtherResponses() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/page")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.headers().firstValue("ETag")).isPresent();
	}

	@Test
	void flushesEveryEventOfStreams() throws Exception {
		StreamFlushing.assertEveryEventFlushed(this.port, this.template);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Etags {

		@Bean
		ShallowEtagHeaderFilter shallowEtagHeaderFilter() {
			return new ShallowEtagHeaderFilter();
		}

	}

}
