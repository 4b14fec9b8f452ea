package io.github.eventsource.delivery;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

import io.github.eventsource.broadcast.ChannelRegistry;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.web.RawStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No input grows the heap without bound: histories expire by age without waiting for the
 * next event, and their channels go; a history never exceeds its byte bound.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.replay.enabled=true", "eventsource.replay.max-age=2s",
				"eventsource.heartbeat.interval=1s" })
class HistoryBoundsIntegrationTests {

	private static final long MEGABYTE = 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	ChannelRegistry channels;

	@Test
	void historiesOfTwentyThousandTargetsExpireAndTheirChannelsGo() {
		long before = heapAfterGc();
		String payload = "x".repeat(4096);
		for (int i = 0; i < 20_000; i++) {
			this.template.broadcast("/feed/room-" + i, EventSourceEvent.of(payload));
		}
		assertThat(this.channels.channelCount()).isPositive();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.channels.channelCount() == 0);
		assertThat(this.channels.historyBytes()).isZero();
		assertThat(heapAfterGc() - before).isLessThan(8 * MEGABYTE);
	}

	@Test
	void hugeEventsKeepTheHistoryWithinItsByteBoundAndTheInstanceServing() throws Exception {
		String huge = "x".repeat(10 * 1024 * 1024);
		for (int i = 0; i < 40; i++) {
			this.template.broadcast("/feed/huge", EventSourceEvent.of(huge));
			assertThat(this.channels.historyBytes()).isLessThanOrEqualTo(MEGABYTE);
		}
		try (RawStream stream = RawStream.open(this.port, "/feed/small")) {
			stream.awaitBodyContaining("event: hello");
			this.template.broadcast("/feed/small", EventSourceEvent.of("still serving"));
			stream.awaitBodyContaining("data: still serving");
		}
	}

	private static long heapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
