package io.github.eventsource.autoconfigure.cluster.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.test.EventSourceTestClient;

/**
 * One instance of a cluster test in a JVM of its own, which the test can kill like
 * {@code kill -9}: the {@link ClusterInstance} application, started by {@link #main}.
 */
final class ClusterInstanceProcess implements AutoCloseable {

	private static final String PORT = "cluster instance listening on port ";

	private final Process process;

	private final int port;

	private ClusterInstanceProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Start an instance in a new JVM with the test's class path and wait until it serves.
	 * @param redisUrl the Redis URL
	 * @param keyPrefix the key prefix shared by the instances of one test
	 * @return the running instance
	 */
	static ClusterInstanceProcess start(String redisUrl, String keyPrefix) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				ClusterInstanceProcess.class.getName(), redisUrl, keyPrefix)
			.redirectErrorStream(true);
		try {
			Process process = builder.start();
			CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(process));
			return new ClusterInstanceProcess(process, port.get(60, TimeUnit.SECONDS));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The cluster instance did not start within 60 s", ex);
		}
	}

	/**
	 * Read the child's output until it says its port, then keep draining it.
	 */
	private static int readPort(Process process) {
		BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith(PORT)) {
					int port = Integer.parseInt(line.substring(PORT.length()).trim());
					Thread drain = new Thread(() -> lines.lines().forEach((ignored) -> {
					}), "cluster-instance-output");
					drain.setDaemon(true);
					drain.start();
					return port;
				}
			}
			throw new IllegalStateException("The cluster instance exited before it served");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a test client of this instance.
	 * @return the client
	 */
	EventSourceTestClient client() {
		return new EventSourceTestClient(() -> "http://localhost:" + this.port);
	}

	/**
	 * Kill the instance as {@code kill -9} does: nothing of it runs any more, nothing is
	 * said to Redis.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

	/**
	 * Run an instance and print its port.
	 * @param args the Redis URL and the key prefix
	 */
	public static void main(String[] args) {
		try (ClusterInstance instance = ClusterInstance.start(args[0], args[1])) {
			System.out.println(PORT + instance.port());
			Thread.currentThread().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
