package io.github.eventsource.autoconfigure.cluster.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code redis-server} of one test, on a spare port, without persistence, that the
 * test stops and starts again on the same port.
 */
final class RedisProcess implements AutoCloseable {

	private final int port;

	private final List<String> options;

	private @Nullable Process process;

	private RedisProcess(int port, String... options) {
		this.port = port;
		this.options = List.of(options);
	}

	/**
	 * Start a server on a spare port that accepts {@code DEBUG} commands (Redis 7 and
	 * later), skipping the test if {@code redis-server} is not on the PATH.
	 * @return the running server
	 */
	static RedisProcess startWithDebugCommandOnSparePort() {
		RedisProcess redis = new RedisProcess(sparePort(), "--enable-debug-command", "yes");
		redis.start();
		return redis;
	}

	/**
	 * Start a server on a spare port, skipping the test if {@code redis-server} is not on
	 * the PATH.
	 * @return the running server
	 */
	static RedisProcess startOnSparePort() {
		RedisProcess redis = onSparePort();
		redis.start();
		return redis;
	}

	/**
	 * Return a server for a spare port, not started yet.
	 * @return the server, to start
	 */
	static RedisProcess onSparePort() {
		return new RedisProcess(sparePort());
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Start the server and wait until it answers.
	 */
	void start() {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no"));
		command.addAll(this.options);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			assumeTrue(false, "redis-server is not on the PATH (" + ex.getMessage()
					+ "): install it to run the Redis outage tests");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> RedisServers.answers(url()));
	}

	/**
	 * Stop the server and wait until it is gone.
	 */
	void stop() {
		Process process = this.process;
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping redis-server", ex);
		}
		this.process = null;
	}

	@Override
	public void close() {
		stop();
	}

	private static int sparePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
