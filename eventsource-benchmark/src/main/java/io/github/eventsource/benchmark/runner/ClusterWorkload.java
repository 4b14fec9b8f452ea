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
import io.github.eventsource.benchmark.generator.StreamMode;
import io.github.eventsource.benchmark.runner.BenchmarkRun.Window;
import org.jspecify.annotations.Nullable;

/**
 * W7: two starter instances in cluster mode on the Redis at {@code 127.0.0.1:6379}, the
 * same number of streams on each, and broadcasts at a steady period from the first
 * instance (A) only: latency and missing events on each instance's streams, and the
 * CPU of each instance.
 * <p>
 * Each run has a Redis key prefix of its own, so that runs never share a channel.
 */
final class ClusterWorkload implements Workload {

	private static final RedisProbe REDIS = new RedisProbe(new InetSocketAddress("127.0.0.1", 6379));

	private final int streamsPerInstance;

	private final long periodMillis;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param streamsPerInstance the reading streams on each instance
	 * @param periodMillis the broadcast period on instance A
	 * @param duration how long to broadcast
	 */
	ClusterWorkload(int streamsPerInstance, long periodMillis, Duration duration) {
		this.streamsPerInstance = streamsPerInstance;
		this.periodMillis = periodMillis;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "W7";
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
		StreamGroup onA = run.openStreams(a, this.streamsPerInstance, StreamMode.READ);
		StreamGroup onB = run.openStreams(b, this.streamsPerInstance, StreamMode.READ);
		CpuMeter cpuA = new CpuMeter(a.stat());
		CpuMeter cpuB = new CpuMeter(b.stat());
		CpuMeter cpuRedis = redisCpu();
		Window window = run.broadcast(this.periodMillis, this.duration);
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("broadcasts", window.broadcasts());
		BenchmarkRun.putDelivery(metrics, "a_", run.generator().report(window.toId(), onA));
		BenchmarkRun.putDelivery(metrics, "b_", run.generator().report(window.toId(), onB));
		metrics.put("a_server_cpu_cores", cpuA.serverCores());
		metrics.put("b_server_cpu_cores", cpuB.serverCores());
		metrics.put("a_server_cpu_us_per_event", microsPerEvent(cpuA, (long) metrics.get("a_delivered")));
		metrics.put("b_server_cpu_us_per_event", microsPerEvent(cpuB, (long) metrics.get("b_delivered")));
		double redisCores = (cpuRedis != null) ? cpuRedis.serverCores() : 0;
		metrics.put("redis_cpu_cores", (cpuRedis != null) ? redisCores : null);
		metrics.put("gen_cpu_cores", cpuA.generatorCores());
		// the machine's CPU less the generator's and A's (A's meter), less B's and Redis's
		metrics.put("other_cpu_cores",
				Math.max(0, Math.round(100 * (cpuA.otherCores() - cpuB.serverCores() - redisCores)) / 100.0));
		return metrics;
	}

	private static @Nullable Double microsPerEvent(CpuMeter cpu, long delivered) {
		return (delivered > 0) ? BenchmarkRun.tenths((double) cpu.serverMicros() / delivered) : null;
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
