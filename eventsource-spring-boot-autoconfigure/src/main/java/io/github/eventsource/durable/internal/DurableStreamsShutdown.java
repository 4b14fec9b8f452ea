package io.github.eventsource.durable.internal;

import io.github.eventsource.core.internal.StreamShutdown;

import org.springframework.context.SmartLifecycle;

/**
 * Ends every live read of durable streams (SSE responses, waiting long-polls) when the
 * application stops, before the web server's graceful shutdown waits for open requests,
 * in the phase of the endpoints' own {@link StreamShutdown}.
 */
public final class DurableStreamsShutdown implements SmartLifecycle {

	private final StreamStorage store;

	private volatile boolean running;

	/**
	 * Create the shutdown of a store's reads.
	 * @param store the streams
	 */
	public DurableStreamsShutdown(StreamStorage store) {
		this.store = store;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.store.shutDown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return StreamShutdown.PHASE;
	}

}
