package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventsource.benchmark.generator.LoadGenerator;
import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.generator.WindowReport;
import org.jspecify.annotations.Nullable;

/**
 * W4: readers that stall a server. Normal streams on {@code /sse} read a steady ticker
 * while streams on {@code /stall} that never read (a 4 KiB receive buffer) are sent a
 * flood of large events, far more than the kernel's buffers hold, which the normal
 * streams do not get; whether the stalled streams hurt the normal ones: their latency and
 * missing events during the flood and after it, how long the server takes to close
 * the stalled connections, and the heap after GC.
 * <p>
 * The flood is queued on the server's broadcasting thread and the call returns at once,
 * and the ticker is never stopped with a wait, so that a server whose broadcast blocks
 * on a stalled client is measured, not waited for. A stalled connection counts as ended
 * when the server's side of it leaves {@code ESTABLISHED} in the kernel's TCP table: the
 * client, which never reads, would not see the server's FIN behind the unread bytes.
 */
final class StalledReadersWorkload implements Workload {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

	private static final long POLL_MILLIS = 100;

	private final int streams;

	private final long periodMillis;

	private final int stalledStreams;

	private final int floodEvents;

	private final int floodBytes;

	private final Duration phase;

	/**
	 * Create the workload.
	 * @param streams the normal, reading streams
	 * @param periodMillis the ticker's period
	 * @param stalledStreams the streams that never read
	 * @param floodEvents the large events broadcast
	 * @param floodBytes the size of each large event's data
	 * @param phase how long each phase lasts: during the flood, then after it
	 */
	StalledReadersWorkload(int streams, long periodMillis, int stalledStreams, int floodEvents, int floodBytes,
			Duration phase) {
		this.streams = streams;
		this.periodMillis = periodMillis;
		this.stalledStreams = stalledStreams;
		this.floodEvents = floodEvents;
		this.floodBytes = floodBytes;
		this.phase = phase;
	}

	@Override
	public String name() {
		return "W4";
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		StreamGroup normal = run.openStreams(this.streams, StreamMode.READ);
		StreamGroup stalled = run.openStreams("/stall", this.stalledStreams, StreamMode.STALL);
		List<Integer> stalledPorts = stalled.localPorts();
		int serverPort = run.server().port();
		double heapBefore = run.heapAfterGcMib();
		LoadGenerator generator = run.generator();
		CpuMeter cpu = new CpuMeter(run.server().stat());
		long fromId = run.control().stats().sent() + 1;
		generator.startWindow(fromId);
		run.control().ticker(this.periodMillis);
		long floodStart = System.nanoTime();
		run.control().flood(this.floodEvents, this.floodBytes);
		AtomicLong stalledEndedNanos = new AtomicLong(-1);
		AtomicInteger mostEstablished = new AtomicInteger();
		AtomicInteger closedPolls = new AtomicInteger();
		ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
		poller.scheduleWithFixedDelay(() -> {
			int established = TcpTable.establishedByServer(serverPort, stalledPorts);
			mostEstablished.accumulateAndGet(established, Math::max);
			// the kernel's table is not read atomically: all closed for three polls in a row
			if (established > 0) {
				closedPolls.set(0);
				stalledEndedNanos.set(-1);
			}
			else if (closedPolls.incrementAndGet() == 1) {
				stalledEndedNanos.set(System.nanoTime() - floodStart);
			}
		}, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
		try {
			Map<String, Object> metrics = new LinkedHashMap<>();
			Await.during(this.phase);
			long floodTo = run.control().stats().sent();
			WindowReport flood = report(run, generator, floodTo);
			long afterFrom = run.control().stats().sent() + 1;
			generator.startWindow(afterFrom);
			Await.during(this.phase);
			long afterTo = run.control().stats().sent();
			WindowReport after = report(run, generator, afterTo);
			metrics.put("stalled_open", stalled.opened());
			metrics.put("flood", this.floodEvents + " × " + this.floodBytes / 1024 + " KiB");
			metrics.put("flood_phase_broadcasts", floodTo - fromId + 1);
			BenchmarkRun.putDelivery(metrics, "flood_", flood);
			// a broadcast loop blocked on a stalled client sends nothing: few broadcasts, not missing ids
			metrics.put("after_phase_broadcasts", afterTo - afterFrom + 1);
			BenchmarkRun.putDelivery(metrics, "after_", after);
			metrics.put("normal_ended_by_server", normal.endedByServer());
			metrics.put("normal_malformed", normal.malformed());
			int stillOpen = TcpTable.establishedByServer(serverPort, stalledPorts);
			metrics.put("stalled_ended", stalledPorts.size() - stillOpen);
			metrics.put("stalled_established_most", mostEstablished.get());
			long ended = (closedPolls.get() >= 3) ? stalledEndedNanos.get() : -1;
			metrics.put("stalled_ended_s", (ended >= 0) ? BenchmarkRun.tenths(ended / 1e9) : null);
			metrics.put("subscribers_at_end", run.control().stats().subscribers());
			metrics.put("server_cpu_cores", cpu.serverCores());
			metrics.put("gen_cpu_cores", cpu.generatorCores());
			metrics.put("other_cpu_cores", cpu.otherCores());
			metrics.put("heap_before_mib", heapBefore);
			metrics.put("heap_after_mib", heapAfterGc(run));
			return metrics;
		}
		finally {
			poller.shutdownNow();
		}
	}

	/**
	 * Wait a little for the window's last event to reach the reading streams, and report
	 * on the window; the ticker goes on.
	 */
	private static WindowReport report(BenchmarkRun run, LoadGenerator generator, long toId) {
		Await.until(() -> generator.lowestLastId() >= toId, DRAIN_TIMEOUT);
		return generator.report(toId);
	}

	private static @Nullable Double heapAfterGc(BenchmarkRun run) {
		try {
			return run.heapAfterGcMib();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

}
