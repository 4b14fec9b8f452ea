package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.eventsource.benchmark.generator.DurableReaders;
import io.github.eventsource.benchmark.generator.DurableWriter;
import io.github.eventsource.benchmark.generator.WindowReport;
import io.github.eventsource.benchmark.runner.ResultTable.Result;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * W9, Durable Streams: one writer appends an item a tick to each of many JSON streams,
 * while several SSE readers ({@code live=sse}) follow each stream from its start; it
 * measures the items the readers received per second during the window (whenever
 * appended), the latency from append to receipt of the items appended in the window (the
 * send time is in the item, the readers wait up to a minute after the window for the
 * last), and those of them still missing then. Run in one sitting against the
 * starter with the sample's {@code durable-streams} profile (its properties, on the
 * starter's benchmark server on Tomcat, keep-alive connections uncapped) and against the Node reference server
 * ({@code @durable-streams/server}), each on a fresh process.
 */
final class DurableStreamsWorkload {

	static final String NAME = "W9";

	/**
	 * The properties of the sample's {@code application-durable-streams.properties}.
	 */
	static final List<String> SAMPLE_PROFILE = List.of("--eventsource.durable-streams.path=/v1/stream",
			"--eventsource.durable-streams.anonymous-writes=true", "--eventsource.durable-streams.max-streams=10000",
			"--eventsource.durable-streams.max-total-size=256MB", "--eventsource.durable-streams.max-stream-size=64MB",
			"--eventsource.durable-streams.max-append-size=16MB", "--eventsource.durable-streams.long-poll-timeout=3s",
			"--eventsource.durable-streams.allowed-origins=*");

	/**
	 * Tomcat ends a keep-alive connection after 100 requests by default, which a writer
	 * that pipelines its appends cannot cross without resending what was in flight; the
	 * Node server has no such cap.
	 */
	static final String UNCAPPED_KEEP_ALIVE = "--server.tomcat.max-keep-alive-requests=-1";

	private static final Log logger = LogFactory.getLog(DurableStreamsWorkload.class);

	private static final String BASE_PATH = "/v1/stream/w9-";

	private static final int WRITER_CONNECTIONS = 4;

	private static final Duration WARMUP = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final int streams;

	private final int readersPerStream;

	private final double perSecond;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param streams how many streams
	 * @param readersPerStream how many SSE readers follow each
	 * @param perSecond the items appended to each stream per second
	 * @param duration how long the measurement window lasts, after a warm-up of 5 s
	 */
	DurableStreamsWorkload(int streams, int readersPerStream, double perSecond, Duration duration) {
		this.streams = streams;
		this.readersPerStream = readersPerStream;
		this.perSecond = perSecond;
		this.duration = duration;
	}

	/**
	 * Run the workload against the starter and then against the Node reference server.
	 * @param classpath the classpath of the starter's server (Tomcat's)
	 * @param logs where the servers' output goes
	 * @return the result of each server
	 */
	List<Result> runSitting(String classpath, Path logs) {
		List<Result> results = new ArrayList<>();
		results.add(run("starter", (metrics) -> {
			try (ServerProcess server = ServerProcess.start(
					ServerSpec.STARTER.withArguments(SAMPLE_PROFILE).withArguments(List.of(UNCAPPED_KEEP_ALIVE)),
					classpath, logs.resolve("starter-" + NAME + ".log"))) {
				metrics.put("web_server", server.control().stats().webServer());
				return measure(new InetSocketAddress("127.0.0.1", server.port()), server.stat());
			}
		}));
		results.add(run("node-reference", (metrics) -> {
			try (NodeReferenceServer server = NodeReferenceServer.start(logs.resolve("node-reference-" + NAME + ".log"))) {
				metrics.put("web_server", "node @durable-streams/server");
				return measure(new InetSocketAddress("127.0.0.1", server.port()), server.stat());
			}
		}));
		return results;
	}

	private Result run(String server, Function<Map<String, Object>, Map<String, Object>> measure) {
		logger.info("Running " + NAME + " against " + server);
		Map<String, Object> metrics = new LinkedHashMap<>();
		long start = System.nanoTime();
		try {
			metrics.putAll(measure.apply(metrics));
		}
		catch (RuntimeException ex) {
			logger.error(NAME + " against " + server + " failed", ex);
			metrics.put("error", String.valueOf(ex));
		}
		metrics.put("run_s", Math.round((System.nanoTime() - start) / 1e9));
		logger.info(NAME + " " + server + ": " + metrics);
		return new Result(server, NAME, metrics);
	}

	/**
	 * Create the streams, open the readers, append for the warm-up and the window, and
	 * measure the window.
	 * @param server the server's address
	 * @param process the server's process, for its CPU and memory
	 * @return the metrics
	 */
	Map<String, Object> measure(InetSocketAddress server, ProcStat process) {
		List<String> paths = createStreams(server);
		Clock clock = Clock.systemUTC();
		try (DurableReaders readers = new DurableReaders(server, clock);
				DurableWriter writer = new DurableWriter(server, paths, this.perSecond, WRITER_CONNECTIONS, clock)) {
			for (String path : paths) {
				for (int i = 0; i < this.readersPerStream; i++) {
					readers.open(path);
				}
			}
			int expected = paths.size() * this.readersPerStream;
			if (!Await.until(() -> readers.reading() == expected, TIMEOUT)) {
				throw new IllegalStateException(readers.reading() + " of " + expected + " readers are reading");
			}
			writer.start();
			Await.during(WARMUP);
			long fromSeq = writer.sentSeq() + 1;
			readers.startWindow(fromSeq);
			CpuMeter cpu = new CpuMeter(process);
			long receivedBefore = readers.received();
			long start = System.nanoTime();
			Await.during(this.duration);
			long toSeq = writer.stop();
			long receivedInWindow = readers.received() - receivedBefore;
			double seconds = (System.nanoTime() - start) / 1e9;
			Map<String, Object> metrics = new LinkedHashMap<>();
			metrics.put("server_cpu_cores", cpu.serverCores());
			metrics.put("gen_cpu_cores", cpu.generatorCores());
			metrics.put("other_cpu_cores", cpu.otherCores());
			long serverMicros = cpu.serverMicros();
			boolean drained = Await.until(() -> readers.lowestLastSeq() >= toSeq && writer.unanswered() == 0, TIMEOUT);
			WindowReport report = readers.report(toSeq);
			Map<String, Object> delivery = new LinkedHashMap<>();
			delivery.put("streams", paths.size());
			delivery.put("readers", report.streams());
			delivery.put("appends_per_s", Math.round((toSeq - fromSeq + 1) * paths.size() / seconds));
			delivery.put("appends_refused", writer.refused());
			delivery.put("appends_lost", writer.lost());
			delivery.put("delivered", report.delivered());
			delivery.put("delivered_per_s", Math.round(receivedInWindow / seconds));
			delivery.put("p50_ms", BenchmarkRun.tenths(report.p50Millis()));
			delivery.put("p99_ms", BenchmarkRun.tenths(report.p99Millis()));
			delivery.put("max_ms", BenchmarkRun.tenths(report.maxMillis()));
			delivery.put("missing", report.missing());
			delivery.put("gaps", report.gaps());
			delivery.put("drained", drained);
			delivery.put("reconnects", readers.reconnects());
			delivery.put("server_cpu_us_per_item",
					(receivedInWindow > 0) ? BenchmarkRun.tenths((double) serverMicros / receivedInWindow) : null);
			delivery.put("rss_mib", BenchmarkRun.mib(process.rssBytes()));
			delivery.put("window_s", BenchmarkRun.tenths(seconds));
			delivery.putAll(metrics);
			return delivery;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<String> createStreams(InetSocketAddress server) {
		HttpClient http = HttpClient.newHttpClient();
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < this.streams; i++) {
			String path = BASE_PATH + i;
			HttpRequest create = HttpRequest
				.newBuilder(URI.create("http://" + server.getHostString() + ":" + server.getPort() + path))
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers.noBody())
				.build();
			try {
				int status = http.send(create, BodyHandlers.discarding()).statusCode();
				if (status != 201 && status != 200) {
					throw new IllegalStateException("Creating " + path + " was answered " + status);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			paths.add(path);
		}
		return paths;
	}

}
