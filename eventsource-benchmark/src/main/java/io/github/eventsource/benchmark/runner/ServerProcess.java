package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A benchmark server running in its own JVM ({@code -Xmx2g}, plus the options of
 * {@value #JVM_OPTIONS}) on a free port.
 */
final class ServerProcess implements AutoCloseable {

	/**
	 * The environment variable whose JVM options, split on spaces, are added to every
	 * server's command line, {@code {log}} replaced by the server's log file: for example
	 * {@code -XX:StartFlightRecording=filename={log}.jfr} to profile.
	 */
	static final String JVM_OPTIONS = "BENCHMARK_SERVER_JVM_OPTS";

	private final Process process;

	private final int port;

	private final ServerControl control;

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
		this.control = new ServerControl(port);
	}

	/**
	 * Start a server and wait until it answers.
	 * @param spec the server
	 * @param classpath the classpath of the benchmark module
	 * @param log where the server's output goes
	 * @return the running server
	 */
	static ServerProcess start(ServerSpec spec, String classpath, Path log) {
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
		String extra = System.getenv(JVM_OPTIONS);
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.trim().replace("{log}", log.toString()).split("\\s+")));
		}
		command.addAll(List.of("-cp", classpath, spec.mainClass(), "--server.port=" + port));
		command.addAll(spec.arguments());
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ServerProcess server = new ServerProcess(process, port);
			if (!Await.until(server::answers, Duration.ofSeconds(60))) {
				server.close();
				throw new IllegalStateException(spec.name() + " did not start; see " + log);
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	ServerControl control() {
		return this.control;
	}

	ProcStat stat() {
		return new ProcStat(this.process.pid());
	}

	/**
	 * Send SIGTERM and wait for the process to exit.
	 * @param timeout the longest wait; the process is killed after it
	 * @return the time to exit, or {@code null} if it had to be killed
	 */
	@Nullable Duration terminate(Duration timeout) {
		long start = System.nanoTime();
		this.process.destroy();
		try {
			this.process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return Duration.ofNanos(System.nanoTime() - start);
		}
		catch (TimeoutException ex) {
			close();
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Kill the process and wait for it to exit.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean answers() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("Server exited with " + this.process.exitValue());
		}
		try {
			this.control.stats();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
