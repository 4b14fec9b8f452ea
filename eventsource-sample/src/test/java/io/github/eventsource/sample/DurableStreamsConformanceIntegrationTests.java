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

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public conformance suite of the Durable Streams protocol
 * ({@code @durable-streams/server-conformance-tests}) and the official client
 * ({@code @durable-streams/client}), the versions pinned in
 * {@code src/test/resources/durable-streams-conformance/package-lock.json}, against the
 * sample's {@code durable-streams} profile: installed with {@code npm ci} into
 * {@code target/}; the suite run by its own vitest, its JSON report read back, every test
 * listed in {@code passing.txt} must pass (the README lists the others and why); the
 * client's round trip ({@code client-roundtrip.mjs}) must end well. Skipped when
 * {@code node} or {@code npm} is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("durable-streams")
class DurableStreamsConformanceIntegrationTests {

	private static final String RESOURCES = "/durable-streams-conformance/";

	@LocalServerPort
	private int port;

	@Test
	void passesTheConformanceSuite() throws Exception {
		Path directory = install();
		Path report = directory.resolve("report.json");
		Files.deleteIfExists(report);
		run(directory, 1200, "node", "node_modules/vitest/vitest.mjs", "run", "conformance.test.mjs", "--no-coverage",
				"--reporter=json", "--outputFile=" + report);
		Set<String> passed = new TreeSet<>();
		List<String> failed = new ArrayList<>();
		for (JsonNode file : JsonMapper.shared().readTree(report.toFile()).get("testResults")) {
			for (JsonNode test : file.get("assertionResults")) {
				String name = test.get("fullName").asString();
				switch (test.get("status").asString()) {
					case "passed" -> passed.add(name);
					case "failed" -> failed.add(name);
					default -> {
					}
				}
			}
		}
		System.out.printf("Durable Streams conformance: %d passed, %d failed%n", passed.size(), failed.size());
		failed.forEach((name) -> System.out.println("  failed: " + name));
		assertThat(passed).containsAll(expectedToPass());
	}

	@Test
	void officialClientGetsEveryItemOnceAcrossAReaderRestart() throws Exception {
		Path directory = install();
		assertThat(run(directory, 120, "node", "client-roundtrip.mjs")).as("node client-roundtrip.mjs, see %s",
				directory.resolve("node.log")).isZero();
	}

	/**
	 * Copy the runner into {@code target/durable-streams-conformance} and install its
	 * pinned packages there, once.
	 */
	private Path install() throws Exception {
		assumeTrue(nodeMajorVersion() >= 20 && runs(npm(), "--version"),
				"node 20 or later and npm are not on the PATH: the Durable Streams conformance suite is skipped");
		Path directory = Path.of("target", "durable-streams-conformance").toAbsolutePath();
		Files.createDirectories(directory);
		boolean changed = false;
		for (String file : List.of("package.json", "package-lock.json", "conformance.test.mjs",
				"client-roundtrip.mjs")) {
			try (InputStream resource = getClass().getResourceAsStream(RESOURCES + file)) {
				byte[] content = resource.readAllBytes();
				Path target = directory.resolve(file);
				changed |= file.startsWith("package") && !(Files.exists(target)
						&& Arrays.equals(Files.readAllBytes(target), content));
				Files.write(target, content);
			}
		}
		if (changed || !Files.isDirectory(directory.resolve("node_modules/@durable-streams/client"))) {
			assertThat(run(directory, 600, npm(), "ci", "--no-audit", "--no-fund")).as("npm ci").isZero();
		}
		return directory;
	}

	private List<String> expectedToPass() throws IOException {
		try (InputStream resource = getClass().getResourceAsStream(RESOURCES + "passing.txt")) {
			return new String(resource.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.toList();
		}
	}

	private int run(Path directory, long timeoutSeconds, String... command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve(command[0].replace(".cmd", "") + ".log").toFile());
		builder.environment().put("CONFORMANCE_TEST_URL", "http://localhost:" + this.port);
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

}
