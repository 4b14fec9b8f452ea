package io.github.eventsource.benchmark.runner;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.benchmark.generator.StreamGroup;
import io.github.eventsource.benchmark.generator.StreamMode;

/**
 * W6: streams that connect and disconnect at a steady rate next to held streams, with a
 * broadcast every second; at the end the server's sessions must equal the streams open
 * and the heap after GC must not have grown.
 */
final class ChurnWorkload implements Workload {

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);

	private final int heldStreams;

	private final int perSecond;

	private final Duration duration;

	/**
	 * Create the workload.
	 * @param heldStreams the streams held open throughout
	 * @param perSecond the connects (each followed by a disconnect) per second
	 * @param duration how long the churn lasts
	 */
	ChurnWorkload(int heldStreams, int perSecond, Duration duration) {
		this.heldStreams = heldStreams;
		this.perSecond = perSecond;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "W6";
	}

	@Override
	public Map<String, Object> run(BenchmarkRun run) {
		StreamGroup held = run.openStreams(this.heldStreams, StreamMode.READ);
		double heapBefore = run.heapAfterGcMib();
		StreamGroup churn = run.generator()
			.open((int) (this.perSecond * this.duration.toSeconds()), this.perSecond, StreamMode.CHURN);
		CompletableFuture<Double> heapHalfway = CompletableFuture.supplyAsync(run::heapAfterGcMib,
				CompletableFuture.delayedExecutor(this.duration.toMillis() / 2, TimeUnit.MILLISECONDS));
		Map<String, Object> metrics = run.sendFor(new Load.Ticker(1000), this.duration);
		Await.until(churn::settled, SETTLE_TIMEOUT);
		long start = System.nanoTime();
		boolean settled = Await.until(() -> run.control().stats().subscribers() == held.live(), SETTLE_TIMEOUT);
		metrics.put("churned", churn.opened());
		metrics.put("churn_failed", churn.failed());
		metrics.put("held_open", held.live());
		metrics.put("sessions_at_end", run.control().stats().subscribers());
		metrics.put("settle_s", settled ? BenchmarkRun.tenths((System.nanoTime() - start) / 1e9) : null);
		metrics.put("heap_before_mib", heapBefore);
		metrics.put("heap_halfway_mib", heapHalfway.join());
		metrics.put("heap_after_mib", run.heapAfterGcMib());
		return metrics;
	}

}
