package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The Node reference server of Durable Streams ({@code @durable-streams/server}, the
 * version pinned in {@code src/main/resources/durable-streams-node/package-lock.json}),
 * in memory, on a free port: installed with {@code npm ci} into
 * {@value #DIRECTORY} once, and started as {@code node server.mjs <port>}.
 */
final class NodeReferenceServer implements AutoCloseable {

	static final String DIRECTORY = "target/durable-streams-node";

	private static final String RESOURCES = "/durable-streams-node/";

	private final Process process;

	private final int port;

	private NodeReferenceServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Return why the server cannot run here.
	 * @return the reason, or {@code null} if {@code node} and {@code npm} answer
	 */
	static @Nullable String unavailableBecause() {
		return (runs("node", "--version") && runs("npm", "--version")) ? null
				: "node and npm are not on the PATH: the Node reference server of Durable Streams cannot run";
	}

	/**
	 * Install the server if it is not yet, start it and wait until it accepts
	 * connections.
	 * @param log where its output goes
	 * @return the running server
	 */
	static NodeReferenceServer start(Path log) {
		try {
			Path directory = install();
			int port = ServerProcess.freePort();
			Process process = new ProcessBuilder("node", "server.mjs", Integer.toString(port))
				.directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			NodeReferenceServer server = new NodeReferenceServer(process, port);
			if (!Await.until(server::answers, Duration.ofSeconds(30))) {
				server.close();
				throw new IllegalStateException("The Node reference server did not start; see " + log);
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path install() throws IOException {
		Path directory = Files.createDirectories(Path.of(DIRECTORY).toAbsolutePath());
		boolean changed = false;
		for (String file : List.of("package.json", "package-lock.json", "server.mjs")) {
			try (InputStream resource = NodeReferenceServer.class.getResourceAsStream(RESOURCES + file)) {
				byte[] content = resource.readAllBytes();
				Path target = directory.resolve(file);
				changed |= file.startsWith("package")
						&& !(Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content));
				Files.write(target, content);
			}
		}
		if (changed || !Files.isDirectory(directory.resolve("node_modules/@durable-streams/server"))) {
			Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("npm.log").toFile())
				.start();
			if (!waitFor(npm, 600) || npm.exitValue() != 0) {
				throw new IllegalStateException("npm ci failed; see " + directory.resolve("npm.log"));
			}
		}
		return directory;
	}

	int port() {
		return this.port;
	}

	ProcStat stat() {
		return new ProcStat(this.process.pid());
	}

	/**
	 * Kill the process and wait for it to exit.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
		waitFor(this.process, 30);
	}

	private boolean answers() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("The Node reference server exited with " + this.process.exitValue());
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return waitFor(process, 30) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean waitFor(Process process, long seconds) {
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
