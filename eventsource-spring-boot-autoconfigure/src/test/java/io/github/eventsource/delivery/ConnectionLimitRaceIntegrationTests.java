package io.github.eventsource.delivery;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.eventsource.core.internal.SessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limit is atomic with registration: concurrent connects past it open
 * exactly as many streams as it allows.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.limits.max-connections=100", "eventsource.limits.max-connections-per-address=300",
				"eventsource.limits.refusal=status" })
class ConnectionLimitRaceIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Test
	void concurrentConnectsPastTheLimitOpenExactlyTheLimit() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		List<CompletableFuture<HttpResponse<InputStream>>> responses = new ArrayList<>();
		try {
			for (int i = 0; i < 300; i++) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.port + "/feed/crowd"))
					.build();
				responses.add(CompletableFuture
					.supplyAsync(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).join(),
							pool));
			}
			long open = 0;
			for (CompletableFuture<HttpResponse<InputStream>> response : responses) {
				if (response.join().statusCode() == 200) {
					open++;
				}
			}
			assertThat(open).isEqualTo(100);
			assertThat(this.sessions.size()).isEqualTo(100);
		}
		finally {
			for (CompletableFuture<HttpResponse<InputStream>> response : responses) {
				response.join().body().close();
			}
			pool.shutdownNow();
		}
	}

}
