package io.github.eventsource.durable;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventsource.durable.internal.StreamStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One client creates up to a million tiny streams ({@code PUT} with a one-byte body),
 * pipelined on a few keep-alive connections, against a bound of {@value #MAX_STREAMS}
 * streams: exactly that many are created, every other create is refused with the
 * protocol's {@code 429}, the streams created keep working, and the heap grows by no more
 * than the bound's bytes plus a stated overhead per stream.
 * <p>
 * The creates go in rounds of {@value #ROUND}; rounds go on until a million creates or,
 * after the first {@value #MIN_ROUNDS}, until {@value #BUDGET_SECONDS} s have passed: on a
 * shared machine a million may not fit (2 cores under a load of 12 did 1,300 to 2,900
 * creates a second). What the rounds past the bound prove holds for any number of them:
 * a create past the bound is refused by a size check before anything of it is kept, so
 * the heap measured after the first round (the bound reached) and after the last is the
 * same, within what a collection leaves; the test asserts it and prints the count.
 */
@SpringBootTest(classes = DurableStreamsMillionStreamsIntegrationTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.durable-streams.path=/streams", "eventsource.durable-streams.anonymous-writes=true",
				"eventsource.durable-streams.max-streams=" + DurableStreamsMillionStreamsIntegrationTests.MAX_STREAMS,
				"eventsource.durable-streams.max-total-size=256KB",
				// Tomcat closes a keep-alive connection after 100 requests by default
				"server.tomcat.max-keep-alive-requests=-1" })
class DurableStreamsMillionStreamsIntegrationTests {

	static final int MAX_STREAMS = 5000;

	private static final int CREATES = 1_000_000;

	private static final int ROUND = 25_000;

	private static final int MIN_ROUNDS = 2;

	private static final long BUDGET_SECONDS = 15;

	private static final int CONNECTIONS = 4;

	/**
	 * What one stream may cost the heap beyond its bytes: its log (lock, unit list, offset
	 * index, producer and follower sets), its name and its entry in the store's map:
	 * about 900 bytes measured, rounded up.
	 */
	private static final long OVERHEAD_PER_STREAM = 2048;

	/**
	 * What a collection leaves besides, and what the run warms up (caches, classes).
	 */
	private static final long SLACK = 8L * 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	StreamStore store;

	@Autowired
	DurableStreams streams;

	@Test
	void aMillionCreatesStopAtTheBoundWith429AndTheHeapStaysWithinIt() throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		round(0, statuses);
		long heapAtBound = usedHeapAfterGc(memory);
		int rounds = 1;
		while (rounds * ROUND < CREATES
				&& (rounds < MIN_ROUNDS || System.nanoTime() - started < TimeUnit.SECONDS.toNanos(BUDGET_SECONDS))) {
			round(rounds++, statuses);
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		long heapAfter = usedHeapAfterGc(memory);
		int creates = rounds * ROUND;
		Map<Integer, Integer> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.get()));
		System.out.printf("%,d creates in %d s: %s; %,d streams, %,d bytes; heap %,d, at the bound %,d, after %,d%n",
				creates, seconds, counts, this.store.size(), this.store.bytes(), heapBefore, heapAtBound, heapAfter);
		assertThat(counts).containsOnly(Map.entry(201, MAX_STREAMS), Map.entry(429, creates - MAX_STREAMS));
		assertThat(this.store.size()).isEqualTo(MAX_STREAMS);
		assertThat(this.store.bytes()).isEqualTo(MAX_STREAMS);
		assertThat(heapAfter - heapBefore).isLessThan(256 * 1024 + MAX_STREAMS * OVERHEAD_PER_STREAM + SLACK);
		assertThat(heapAfter - heapAtBound).as("what %,d refused creates left", creates - ROUND)
			.isLessThan(2 * 1024 * 1024);
		this.streams.appendText("tiny-0", "y");
		assertThat(this.streams.read("tiny-0", "-1").text()).as("a stream created first").isEqualTo("xy");
		assertThatExceptionOfType(DurableStreamException.class)
			.isThrownBy(() -> this.streams.create("one-more", "text/plain", null))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(429));
		assertThat(this.streams.delete("tiny-0")).isTrue();
		assertThat(this.streams.create("one-more", "text/plain", null)).as("room again once one is deleted").isTrue();
	}

	/**
	 * Create {@value #ROUND} streams, each connection every {@code CONNECTIONS}-th,
	 * pipelined, and count the statuses.
	 */
	private void round(int round, Map<Integer, AtomicInteger> statuses) throws Exception {
		List<CompletableFuture<Void>> connections = new ArrayList<>();
		for (int c = 0; c < CONNECTIONS; c++) {
			int first = round * ROUND + c;
			connections.add(CompletableFuture.runAsync(() -> {
				try (RawHttp http = new RawHttp(this.port)) {
					http.pipeline(ROUND / CONNECTIONS, 256, (i) -> ("PUT /streams/tiny-" + (first + i * CONNECTIONS)
							+ " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx")
						.getBytes(StandardCharsets.US_ASCII),
							(status) -> statuses.computeIfAbsent(status, (key) -> new AtomicInteger())
								.incrementAndGet());
				}
				catch (Exception ex) {
					throw new IllegalStateException("Round " + round + " failed", ex);
				}
			}));
		}
		CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		System.gc();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
