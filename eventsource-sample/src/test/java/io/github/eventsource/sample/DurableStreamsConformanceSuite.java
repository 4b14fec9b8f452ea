package io.github.eventsource.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public conformance suite of the Durable Streams protocol
 * ({@code @durable-streams/server-conformance-tests}) and the official client
 * ({@code @durable-streams/client}), the versions pinned in
 * {@code src/test/resources/durable-streams-conformance/package-lock.json}: installed
 * with {@code npm ci} into {@code target/} once, then run against a server's base URL.
 * Skips the calling test when {@code node} 20 or later or {@code npm} is missing.
 */
final class DurableStreamsConformanceSuite {

	private static final String RESOURCES = "/durable-streams-conformance/";

	private final Path directory;

	private DurableStreamsConformanceSuite(Path directory) {
		this.directory = directory;
	}

	/**
	 * Copy the runner into {@code target/durable-streams-conformance} and install its
	 * pinned packages there, unless they are installed already.
	 * @return the installed suite
	 * @throws Exception if the installation fails
	 */
	static DurableStreamsConformanceSuite install() throws Exception {
		assumeTrue(nodeMajorVersion() >= 20 && runs(npm(), "--version"),
				"node 20 or later and npm are not on the PATH: the Durable Streams conformance suite is skipped");
		Path directory = Path.of("target", "durable-streams-conformance").toAbsolutePath();
		Files.createDirectories(directory);
		boolean changed = false;
		for (String file : List.of("package.json", "package-lock.json", "conformance.test.mjs",
				"client-roundtrip.mjs")) {
			try (InputStream resource = DurableStreamsConformanceSuite.class.getResourceAsStream(RESOURCES + file)) {
				byte[] content = resource.readAllBytes();
				Path target = directory.resolve(file);
				changed |= file.startsWith("package")
						&& !(Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content));
				Files.write(target, content);
			}
		}
		DurableStreamsConformanceSuite suite = new DurableStreamsConformanceSuite(directory);
		if (changed || !Files.isDirectory(directory.resolve("node_modules/@durable-streams/client"))) {
			assertThat(suite.run(600, "", npm(), "ci", "--no-audit", "--no-fund")).as("npm ci").isZero();
		}
		return suite;
	}

	/**
	 * Run the suite through its own vitest against a server and read its JSON report back.
	 * @param baseUrl the server's base URL
	 * @param name a name for the report and log files of this run
	 * @return the result
	 * @throws Exception if the suite cannot run
	 */
	Result run(String baseUrl, String name) throws Exception {
		Path report = this.directory.resolve(name + "-report.json");
		Files.deleteIfExists(report);
		run(1200, baseUrl, "node", "node_modules/vitest/vitest.mjs", "run", "conformance.test.mjs", "--no-coverage",
				"--reporter=json", "--outputFile=" + report);
		Set<String> passed = new TreeSet<>();
		List<String> failed = new ArrayList<>();
		int skipped = 0;
		for (JsonNode file : JsonMapper.shared().readTree(report.toFile()).get("testResults")) {
			for (JsonNode test : file.get("assertionResults")) {
				String testName = test.get("fullName").asString();
				switch (test.get("status").asString()) {
					case "passed" -> passed.add(testName);
					case "failed" -> failed.add(testName);
					default -> skipped++;
				}
			}
		}
		Result result = new Result(passed, failed, skipped);
		System.out.printf("Durable Streams conformance (%s): %d passed, %d failed, %d skipped%n", name, passed.size(),
				failed.size(), skipped);
		failed.forEach((test) -> System.out.println("  failed: " + test));
		return result;
	}

	/**
	 * Run the official client's round trip ({@code client-roundtrip.mjs}) against a
	 * server.
	 * @param baseUrl the server's base URL
	 * @return the exit code of node, its output in {@code node.log}
	 * @throws Exception if it cannot run
	 */
	int runClientRoundTrip(String baseUrl) throws Exception {
		return run(120, baseUrl, "node", "client-roundtrip.mjs");
	}

	/**
	 * Return where node's output goes.
	 * @return the log file
	 */
	Path log() {
		return this.directory.resolve("node.log");
	}

	/**
	 * Return the tests that must pass: those of {@code passing.txt}.
	 * @return the names of the tests
	 * @throws IOException if the list cannot be read
	 */
	static List<String> expectedToPass() throws IOException {
		try (InputStream resource = DurableStreamsConformanceSuite.class
			.getResourceAsStream(RESOURCES + "passing.txt")) {
			return new String(resource.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.toList();
		}
	}

	private int run(long timeoutSeconds, String baseUrl, String... command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve(command[0].replace(".cmd", "") + ".log").toFile());
		builder.environment().put("CONFORMANCE_TEST_URL", baseUrl);
		builder.environment().put("NO_COLOR", "1");
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeoutSeconds + "s");
		}
		return process.exitValue();
	}

	/**
	 * Return the major version of the {@code node} on the {@code PATH} (vitest 4 needs
	 * 20), or 0 if there is none.
	 */
	private static int nodeMajorVersion() {
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || !version.startsWith("v")) {
				return 0;
			}
			return Integer.parseInt(version.substring(1, version.indexOf('.')));
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String npm() {
		return System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
	}

	/**
	 * The outcome of one run of the suite.
	 *
	 * @param passed the names of the tests that passed
	 * @param failed the names of those that failed
	 * @param skipped how many the suite skipped
	 */
	record Result(Set<String> passed, List<String> failed, int skipped) {
	}

}
