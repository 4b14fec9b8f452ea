package io.github.eventsource.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.delivery.RawSocket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound on an endpoint's running generations holds under concurrent first requests:
 * each is checked and reserved under one lock, so no race starts one more.
 */
@SpringBootTest(classes = AdmissionEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.resumable.max-generations-per-endpoint=20",
				"eventsource.resumable.max-generations-per-client=1000" })
class GenerationBoundsIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Test
	void concurrentFirstRequestsOnFreshPathsNeverRunMoreGenerationsThanTheBound() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			ids.add(UUID.randomUUID().toString());
		}
		ExecutorService pool = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger served = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		List<RawSocket> sockets = new ArrayList<>();
		List<Future<RawSocket>> requests = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				String path = "/answers/" + ids.get(i % 100);
				requests.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					RawSocket socket = RawSocket.open(this.port, path);
					String received = socket.readUntil("\n\n", WITHIN);
					if (received.contains("retry: ")) {
						refused.incrementAndGet();
					}
					else {
						socket.readUntil("event: token", WITHIN);
						served.incrementAndGet();
					}
					return socket;
				}));
			}
			start.countDown();
			for (Future<RawSocket> request : requests) {
				sockets.add(request.get(60, TimeUnit.SECONDS));
			}
			int generations = ids.stream()
				.mapToInt((id) -> AdmissionEndpoints.started.containsKey(id) ? AdmissionEndpoints.started.get(id).get() : 0)
				.sum();
			assertThat(generations).isEqualTo(20);
			assertThat(served.get() + refused.get()).isEqualTo(200);
			assertThat(served.get()).isBetween(20, 40);
		}
		finally {
			for (RawSocket socket : sockets) {
				socket.close();
			}
			pool.shutdownNow();
		}
	}

}
