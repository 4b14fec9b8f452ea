package io.github.eventsource.benchmark.runner;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.eventsource.benchmark.generator.LoadGenerator;
import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.generator.WindowReport;

/**
 * One workload against one server: a fresh server JVM, a fresh generator, and the steps
 * workloads are made of.
 */
final class BenchmarkRun implements AutoCloseable {

	private static final double OPEN_RATE = 2500;

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How long opening may make no progress before a limit is taken as reached: longer
	 * than a full GC of a nearly full 2 GiB heap on two cores.
	 */
	private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(20);

	private final ServerProcess server;

	private final LoadGenerator generator;

	BenchmarkRun(ServerProcess server) {
		this.server = server;
		this.generator = new LoadGenerator(new InetSocketAddress("127.0.0.1", server.port()), "/sse",
				Clock.systemUTC());
	}

	static BenchmarkRun start(ServerSpec spec, String classpath, Path log) {
		return new BenchmarkRun(ServerProcess.start(spec, classpath, log));
	}

	ServerProcess server() {
		return this.server;
	}

	ServerControl control() {
		return this.server.control();
	}

	LoadGenerator generator() {
		return this.generator;
	}

	/**
	 * Open streams at 2,500 per second and wait until the server holds them all, or no
	 * more open for 20 s (a limit was reached).
	 * @param count the number of streams
	 * @param mode what the streams do once open
	 * @return the group of streams
	 */
	StreamGroup openStreams(int count, StreamMode mode) {
		int before = control().stats().subscribers();
		StreamGroup group = connectStreams(count, mode);
		Await.until(() -> control().stats().subscribers() >= before + group.live(), STALL_TIMEOUT);
		return group;
	}

	/**
	 * Open streams at 2,500 per second and wait until each opened or failed, or no more
	 * open for 20 s, without asking the server.
	 * @param count the number of streams
	 * @param mode what the streams do once open
	 * @return the group of streams
	 */
	StreamGroup connectStreams(int count, StreamMode mode) {
		StreamGroup group = this.generator.open(count, OPEN_RATE, mode);
		awaitProgressStops(group);
		return group;
	}

	/**
	 * Broadcast at a steady period for a duration and measure what the reading streams
	 * received, waiting for the last event to reach them.
	 * @param periodMillis the broadcast period
	 * @param duration how long to broadcast
	 * @return the metrics
	 */
	Map<String, Object> broadcastFor(long periodMillis, Duration duration) {
		long fromId = control().stats().sent() + 1;
		this.generator.startWindow(fromId);
		CpuMeter cpu = new CpuMeter(this.server.stat());
		long start = System.nanoTime();
		control().ticker(periodMillis);
		Await.during(duration);
		long toId = control().ticker(0).sent();
		double seconds = (System.nanoTime() - start) / 1e9;
		Await.until(() -> this.generator.lowestLastId() >= toId, DRAIN_TIMEOUT);
		WindowReport report = this.generator.report(toId);
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("streams", report.streams());
		metrics.put("broadcasts", toId - fromId + 1);
		metrics.put("delivered", report.delivered());
		metrics.put("delivered_per_s", Math.round(report.delivered() / seconds));
		metrics.put("p50_ms", tenths(report.p50Millis()));
		metrics.put("p99_ms", tenths(report.p99Millis()));
		metrics.put("max_ms", tenths(report.maxMillis()));
		metrics.put("missing", report.missing());
		metrics.put("server_cpu_us_per_event",
				(report.delivered() > 0) ? tenths((double) cpu.serverMicros() / report.delivered()) : null);
		metrics.put("server_cpu_cores", cpu.serverCores());
		metrics.put("server_kernel_share", cpu.serverKernelShare());
		metrics.put("gen_cpu_cores", cpu.generatorCores());
		metrics.put("other_cpu_cores", cpu.otherCores());
		return metrics;
	}

	/**
	 * Return the server's heap in use after a full GC, in MiB.
	 * @return the heap after GC
	 */
	double heapAfterGcMib() {
		return mib(control().heapAfterGc());
	}

	double rssMib() {
		return mib(this.server.stat().rssBytes());
	}

	static double mib(long bytes) {
		return tenths(bytes / (1024.0 * 1024.0));
	}

	static double tenths(double value) {
		return Math.round(10.0 * value) / 10.0;
	}

	private static void awaitProgressStops(StreamGroup group) {
		int[] last = { -1 };
		long[] lastChange = { System.nanoTime() };
		Await.until(() -> {
			int now = group.opened() + group.failed();
			if (now != last[0]) {
				last[0] = now;
				lastChange[0] = System.nanoTime();
			}
			return group.settled() || System.nanoTime() - lastChange[0] > PROGRESS_TIMEOUT.toNanos();
		}, Duration.ofMinutes(5));
	}

	@Override
	public void close() {
		this.generator.close();
		this.server.close();
	}

}
