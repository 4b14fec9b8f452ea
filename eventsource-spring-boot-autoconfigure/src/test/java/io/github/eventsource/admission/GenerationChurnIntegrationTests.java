package io.github.eventsource.admission;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.delivery.RawSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.log.LogMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An anonymous client that opens fresh resumable paths as fast as it can and leaves each
 * at once takes no more than its share of generations: another client is never refused,
 * its abandoned generations stop after the short grace, and what they cost stays low.
 * The two clients are told apart by their loopback addresses.
 */
@SpringBootTest(classes = AdmissionEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "eventsource.heartbeat.interval=1s")
class GenerationChurnIntegrationTests {

	private static final Log logger = LogFactory.getLog(GenerationChurnIntegrationTests.class);

	private static final Duration CHURN = Duration.ofSeconds(60);

	private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);

	@LocalServerPort
	int port;

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void abandonedGenerationStopsAfterTheShortGraceNotTheFullOne() throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawSocket socket = RawSocket.openFrom("127.0.0.3", this.port, "/answers/" + id)) {
			socket.readUntil("event: token", Duration.ofSeconds(5));
		}
		// the full grace is 30 s: the short one is 2 s, then one heartbeat's housekeeping
		await().atMost(Duration.ofSeconds(6)).until(() -> AdmissionEndpoints.cancelled.contains(id));
	}

	@Test
	void churningClientNeverCausesARefusalForAnotherAndItsAbandonedGenerationsCostLittle() throws Exception {
		AtomicInteger churned = new AtomicInteger();
		List<String> refusedOthers = new CopyOnWriteArrayList<>();
		AtomicInteger servedOthers = new AtomicInteger();
		long cpuBefore = sourceThreadsCpuNanos();
		long start = System.nanoTime();
		ScheduledFuture<?> churn = this.clients.scheduleAtFixedRate(() -> churnOnce(churned), 0, 20,
				TimeUnit.MILLISECONDS);
		ScheduledFuture<?> other = this.clients.scheduleAtFixedRate(() -> {
			String path = "/answers/" + UUID.randomUUID();
			try (RawSocket socket = RawSocket.openFrom("127.0.0.1", this.port, path)) {
				socket.readUntil("event: token", Duration.ofSeconds(5));
				servedOthers.incrementAndGet();
			}
			catch (IOException ex) {
				refusedOthers.add(path + ": " + ex.getMessage());
			}
		}, 100, 500, TimeUnit.MILLISECONDS);
		await().atMost(CHURN.plusSeconds(10)).until(() -> System.nanoTime() - start >= CHURN.toNanos());
		churn.cancel(false);
		other.cancel(false);
		long cpu = sourceThreadsCpuNanos() - cpuBefore;
		double cores = (double) cpu / (System.nanoTime() - start);
		logger.info(LogMessage.format("Churn: %d fresh paths opened, other client served %d times, refused %d; "
				+ "sources' threads used %.4f cores; at most %d sources ran at once", churned.get(), servedOthers.get(),
				refusedOthers.size(), cores, AdmissionEndpoints.mostRunning.get()));
		assertThat(churned.get()).as("fresh paths opened by the churning client").isGreaterThan(1000);
		assertThat(refusedOthers).isEmpty();
		assertThat(servedOthers.get()).isGreaterThan(60);
		assertThat(cores).as("cores used by the sources' threads").isLessThan(0.1);
	}

	/**
	 * Open a fresh path from the churning address, and leave it 0.3 s later.
	 */
	private void churnOnce(AtomicInteger churned) {
		try {
			RawSocket socket = RawSocket.openFrom("127.0.0.2", this.port, "/answers/" + UUID.randomUUID());
			churned.incrementAndGet();
			this.clients.schedule(() -> {
				socket.cut();
				return null;
			}, 300, TimeUnit.MILLISECONDS);
		}
		catch (IOException ex) {
			// the churning client's own refusals and failures are not what is measured
		}
	}

	/**
	 * The CPU time of the threads that run the answers' sources (Reactor's parallel
	 * scheduler, where {@code Flux.interval} emits and the generations take the events).
	 */
	private static long sourceThreadsCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		List<Long> ids = new ArrayList<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith("parallel-")) {
				ids.add(info.getThreadId());
			}
		}
		for (long id : ids) {
			long cpu = threads.getThreadCpuTime(id);
			total += Math.max(0, cpu);
		}
		return total;
	}

}
