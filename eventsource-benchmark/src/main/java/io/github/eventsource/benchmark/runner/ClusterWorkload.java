package io.github.eventsource.benchmark.runner;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.runner.BenchmarkRun.Window;
import org.jspecify.annotations.Nullable;

/**
 * W7 and W8c: two starter instances in cluster mode on the Redis at
 * {@code 127.0.0.1:6379}, the same number of streams on each, and a load sent from the
 * first instance (A) only: broadcasts at a steady period (W7) or posts to many rooms
 * (W8c, each room's streams on both instances); latency and missing events on each
 * instance's streams, the events delivered per second, and the CPU of each instance and
 * of Redis.
 * <p>
 * Each run has a Redis key prefix of its own, so that runs never share a channel.
 * Before the window, A sends the load until every stream on both instances has received
 * an event of it ({@code first_event_s}): an instance answers, and opens streams, before
 * its Redis subscription is live, and what A publishes before then never reaches B's
 * streams; the window measures delivery once both instances are subscribed.
 */
final class ClusterWorkload implements Workload {

	private static final RedisProbe REDIS = new RedisProbe(new InetSocketAddress("127.0.0.1", 6379));

	private static final Duration FIRST_EVENT_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int streamsPerInstance;

	private final Load load;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param name the name in the results
	 * @param streamsPerInstance the reading streams on each instance
	 * @param load what instance A sends, and on which paths the streams of both read it
	 * @param duration how long to send
	 */
	ClusterWorkload(String name, int streamsPerInstance, Load load, Duration duration) {
		this.name = name;
		this.streamsPerInstance = streamsPerInstance;
		this.load = load;
		this.duration = duration;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean runsOn(ServerSpec server) {
		return server.name().equals(ServerSpec.STARTER.name());
	}

	@Override
	public @Nullable String unavailableBecause() {
		return REDIS.answers() ? null
				: "no Redis answers at 127.0.0.1:6379; start one with: redis-server --daemonize yes "
						+ "--bind 127.0.0.1 --port 6379 --save \"\" --appendonly no";
	}

	@Override
	public List<String> serverArguments() {
		return List.of("--eventsource.cluster.mode=redis", "--spring.data.redis.host=" + REDIS.address().getHostString(),
				"--spring.data.redis.port=" + REDIS.address().getPort(),
				"--eventsource.cluster.redis.key-prefix=benchmark-" + UUID.randomUUID() + ":");
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		ServerProcess a = run.server();
		ServerProcess b = run.startPeer("b");
		StreamGroup onA = run.openStreams(a, this.load, this.streamsPerInstance);
		StreamGroup onB = run.openStreams(b, this.load, this.streamsPerInstance);
		@Nullable Double firstEvent = run.sendUntilEveryStreamReceives(this.load, FIRST_EVENT_TIMEOUT);
		CpuMeter cpuA = new CpuMeter(a.stat());
		CpuMeter cpuB = new CpuMeter(b.stat());
		CpuMeter cpuRedis = redisCpu();
		Window window = run.send(this.load, this.duration);
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("first_event_s", firstEvent);
		this.load.putSent(metrics, window);
		BenchmarkRun.putDelivery(metrics, "a_", run.generator().report(window.toId(), onA));
		BenchmarkRun.putDelivery(metrics, "b_", run.generator().report(window.toId(), onB));
		long delivered = (long) metrics.get("a_delivered") + (long) metrics.get("b_delivered");
		metrics.put("delivered_per_s", Math.round(delivered / window.seconds()));
		metrics.put("a_server_cpu_cores", cpuA.serverCores());
		metrics.put("b_server_cpu_cores", cpuB.serverCores());
		metrics.put("a_server_cpu_us_per_event", BenchmarkRun.microsPerEvent(cpuA, (long) metrics.get("a_delivered")));
		metrics.put("b_server_cpu_us_per_event", BenchmarkRun.microsPerEvent(cpuB, (long) metrics.get("b_delivered")));
		metrics.put("server_cpu_us_per_event", (delivered > 0)
				? BenchmarkRun.tenths((double) (cpuA.serverMicros() + cpuB.serverMicros()) / delivered) : null);
		double redisCores = (cpuRedis != null) ? cpuRedis.serverCores() : 0;
		metrics.put("redis_cpu_cores", (cpuRedis != null) ? redisCores : null);
		metrics.put("gen_cpu_cores", cpuA.generatorCores());
		// the machine's CPU less the generator's and A's (A's meter), less B's and Redis's
		metrics.put("other_cpu_cores",
				Math.max(0, Math.round(100 * (cpuA.otherCores() - cpuB.serverCores() - redisCores)) / 100.0));
		return metrics;
	}

	/**
	 * Return a meter of the Redis server's CPU, or {@code null} if its process is not
	 * one this machine's {@code /proc} shows (such as Redis in a container).
	 */
	private static @Nullable CpuMeter redisCpu() {
		OptionalLong pid = REDIS.processId();
		return (pid.isPresent() && Files.isReadable(Path.of("/proc", String.valueOf(pid.getAsLong()), "stat")))
				? new CpuMeter(new ProcStat(pid.getAsLong())) : null;
	}

}
