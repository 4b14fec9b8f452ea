package io.github.eventsource.benchmark.runner;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.github.eventsource.benchmark.generator.ConnectReport;
import io.github.eventsource.benchmark.generator.LoadGenerator;
import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.generator.WindowReport;
import org.jspecify.annotations.Nullable;

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

	private final ServerSpec spec;

	private final String classpath;

	private final Path log;

	private final ServerProcess server;

	private final List<ServerProcess> peers = new ArrayList<>();

	private final LoadGenerator generator;

	private BenchmarkRun(ServerSpec spec, String classpath, Path log) {
		this.spec = spec;
		this.classpath = classpath;
		this.log = log;
		this.server = ServerProcess.start(spec, classpath, log);
		this.generator = new LoadGenerator(address(this.server), "/sse", Clock.systemUTC());
	}

	static BenchmarkRun start(ServerSpec spec, String classpath, Path log) {
		return new BenchmarkRun(spec, classpath, log);
	}

	/**
	 * Start one more JVM of the same server with the same arguments, its output in a log
	 * of its own; it is killed when the run ends.
	 * @param instance the instance's name in its log's file name, such as {@code b}
	 * @return the running server
	 */
	ServerProcess startPeer(String instance) {
		String name = this.log.getFileName().toString().replaceFirst("\\.log$", "-" + instance + ".log");
		ServerProcess peer = ServerProcess.start(this.spec, this.classpath, this.log.resolveSibling(name));
		this.peers.add(peer);
		return peer;
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
		return openStreams(this.server, count, mode);
	}

	/**
	 * Open streams to one server of the run at 2,500 per second and wait until that
	 * server holds them all, or no more open for 20 s.
	 * @param target the server, this run's or a peer
	 * @param count the number of streams
	 * @param mode what the streams do once open
	 * @return the group of streams
	 */
	StreamGroup openStreams(ServerProcess target, int count, StreamMode mode) {
		return openStreams(target, (stream) -> "/sse", count, mode);
	}

	/**
	 * Open streams on a path of their own at 2,500 per second and wait until this run's
	 * server holds them all, or no more open for 20 s.
	 * @param path the streams' path, such as {@code /stall}
	 * @param count the number of streams
	 * @param mode what the streams do once open
	 * @return the group of streams
	 */
	StreamGroup openStreams(String path, int count, StreamMode mode) {
		return openStreams(this.server, (stream) -> path, count, mode);
	}

	/**
	 * Open reading streams to one server of the run on the paths where a load sends, at
	 * 2,500 per second, and wait until that server holds them all, or no more open for
	 * 20 s.
	 * @param target the server, this run's or a peer
	 * @param load what the streams will read
	 * @param count the number of streams
	 * @return the group of streams
	 */
	StreamGroup openStreams(ServerProcess target, Load load, int count) {
		return openStreams(target, load::path, count, StreamMode.READ);
	}

	private StreamGroup openStreams(ServerProcess target, IntFunction<String> paths, int count, StreamMode mode) {
		int before = target.control().stats().subscribers();
		StreamGroup group = this.generator.open(address(target), paths, count, OPEN_RATE, mode);
		awaitProgressStops(group);
		Await.until(() -> target.control().stats().subscribers() >= before + group.live(), STALL_TIMEOUT);
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
	 * Send a load for a duration and measure what the reading streams received, waiting
	 * for the last event to reach them: delivery, what was sent, and the server's CPU,
	 * in total and per delivered event.
	 * @param load what the server sends
	 * @param duration how long to send
	 * @return the metrics
	 */
	Map<String, Object> sendFor(Load load, Duration duration) {
		CpuMeter cpu = new CpuMeter(this.server.stat());
		Window window = send(load, duration);
		WindowReport report = this.generator.report(window.toId());
		Map<String, Object> metrics = new LinkedHashMap<>();
		putDelivery(metrics, "", report);
		load.putSent(metrics, window);
		metrics.put("delivered_per_s", Math.round(report.delivered() / window.seconds()));
		metrics.put("server_cpu_us_per_event", microsPerEvent(cpu, report.delivered()));
		metrics.put("server_cpu_cores", cpu.serverCores());
		metrics.put("server_kernel_share", cpu.serverKernelShare());
		metrics.put("gen_cpu_cores", cpu.generatorCores());
		metrics.put("other_cpu_cores", cpu.otherCores());
		return metrics;
	}

	/**
	 * Start a measurement window on every open stream, have this run's server send a
	 * load for a duration, and wait for the window's last event to reach every stream of
	 * the window (on this server or a peer).
	 * @param load what the server sends
	 * @param duration how long to send
	 * @return the window, for the generator's reports
	 */
	Window send(Load load, Duration duration) {
		long fromId = load.nextId(control());
		this.generator.startWindow(fromId);
		long start = System.nanoTime();
		load.start(control());
		Await.during(duration);
		long toId = load.stop(control());
		double seconds = (System.nanoTime() - start) / 1e9;
		Await.until(() -> this.generator.lowestLastId() >= toId, DRAIN_TIMEOUT);
		return new Window(fromId, toId, seconds);
	}

	/**
	 * Have this run's server send a load until every open reading stream, on this server
	 * or a peer, has received an event of it, then stop: an instance in cluster mode
	 * answers, and opens streams, before its Redis subscription is live, and its streams
	 * never get what is published before then.
	 * @param load what the server sends
	 * @param timeout how long to wait for the last stream's first event
	 * @return the seconds from starting to send until then, or {@code null} if some
	 * stream received nothing within the timeout
	 */
	@Nullable Double sendUntilEveryStreamReceives(Load load, Duration timeout) {
		long fromId = load.nextId(control());
		this.generator.startWindow(fromId);
		long start = System.nanoTime();
		load.start(control());
		boolean received = Await.until(() -> this.generator.lowestLastId() >= fromId, timeout);
		double seconds = (System.nanoTime() - start) / 1e9;
		load.stop(control());
		return received ? tenths(seconds) : null;
	}

	/**
	 * Return a server's CPU time per delivered event, in microseconds.
	 * @param cpu the server's meter
	 * @param delivered the events delivered while it measured
	 * @return the CPU per event, or {@code null} if none was delivered
	 */
	static @Nullable Double microsPerEvent(CpuMeter cpu, long delivered) {
		return (delivered > 0) ? tenths((double) cpu.serverMicros() / delivered) : null;
	}

	/**
	 * Put what a window's report says of delivery: streams, events delivered, latency
	 * p50, p99 and max in milliseconds, and missing events.
	 * @param metrics where to put them
	 * @param prefix the prefix of the names, such as {@code a_}, or empty
	 * @param report the report
	 */
	static void putDelivery(Map<String, Object> metrics, String prefix, WindowReport report) {
		metrics.put(prefix + "streams", report.streams());
		metrics.put(prefix + "delivered", report.delivered());
		metrics.put(prefix + "p50_ms", tenths(report.p50Millis()));
		metrics.put(prefix + "p99_ms", tenths(report.p99Millis()));
		metrics.put(prefix + "max_ms", tenths(report.maxMillis()));
		metrics.put(prefix + "missing", report.missing());
	}

	/**
	 * Put the time from connect to response headers of a group's streams, opened at
	 * 2,500 per second: p50, p99 and max in milliseconds.
	 * @param metrics where to put them
	 * @param group the group
	 */
	void putConnectLatency(Map<String, Object> metrics, StreamGroup group) {
		ConnectReport report = this.generator.connectReport(group);
		metrics.put("connect_rate_per_s", (long) OPEN_RATE);
		metrics.put("connect_p50_ms", tenths(report.p50Millis()));
		metrics.put("connect_p99_ms", tenths(report.p99Millis()));
		metrics.put("connect_max_ms", tenths(report.maxMillis()));
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

	private static InetSocketAddress address(ServerProcess server) {
		return new InetSocketAddress("127.0.0.1", server.port());
	}

	@Override
	public void close() {
		this.generator.close();
		this.peers.forEach(ServerProcess::close);
		this.server.close();
	}

	/**
	 * The ids broadcast in a measurement window, and how long the broadcasting took.
	 *
	 * @param fromId the first id
	 * @param toId the last id
	 * @param seconds the time from starting the ticker to stopping it
	 */
	record Window(long fromId, long toId, double seconds) {

		long broadcasts() {
			return this.toId - this.fromId + 1;
		}

	}

}
