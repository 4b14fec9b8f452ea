package io.github.eventsource.core.internal;

import java.util.concurrent.Executor;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads of the streams of this instance: those that write them, and those that
 * iterate the {@code Stream}s that endpoints return.
 * <p>
 * A send only queues its event and
 * wakes the stream's writer, which runs here: never on the sender's thread, so that no
 * sender writes to a socket, and the end of a stream whose write failed (its
 * {@code @OnClose}, its presence leaving) never runs on another stream's stack.
 * <p>
 * A fixed pool: writes never block, so a few threads per processor write every stream;
 * more than one per processor, so that an {@code @OnClose} method that blocks, run here
 * when a write fails, holds up the others less. Stopped after {@link StreamShutdown}, so
 * that the streams it ends still write their farewell; a stream woken after that writes
 * on the waking thread.
 */
public final class StreamWriters implements SmartLifecycle {

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	private final SimpleAsyncTaskExecutor sourceExecutor = new SimpleAsyncTaskExecutor("eventsource-stream-");

	private volatile boolean running;

	/**
	 * Create the threads, ready to run.
	 * @param virtualThreads whether the {@code Stream}s that endpoints return are iterated
	 * on virtual threads
	 */
	public StreamWriters(boolean virtualThreads) {
		this.sourceExecutor.setDaemon(true);
		this.sourceExecutor.setVirtualThreads(virtualThreads);
		int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
		this.executor.setCorePoolSize(threads);
		this.executor.setMaxPoolSize(threads);
		this.executor.setThreadNamePrefix("eventsource-write-");
		this.executor.setDaemon(true);
		// writes already woken still run: each ends its stream or writes its farewell
		this.executor.setWaitForTasksToCompleteOnShutdown(true);
		this.executor.initialize();
	}

	/**
	 * Return the executor that runs the writers.
	 * @return the executor; it rejects tasks once stopped
	 */
	public Executor executor() {
		return this.executor;
	}

	/**
	 * Return the executor that iterates the {@code Stream}s that endpoints return, which
	 * may block: a thread for each while it has demand.
	 * @return the executor
	 */
	public Executor sourceExecutor() {
		return this.sourceExecutor;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return StreamShutdown.PHASE - 1;
	}

}
