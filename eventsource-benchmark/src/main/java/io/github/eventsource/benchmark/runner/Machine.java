package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Describes the machine the benchmark ran on: cores, memory, JVM, file-descriptor limit.
 */
final class Machine {

	private Machine() {
	}

	static Map<String, Object> describe() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("memory_gib", Math.round(memoryKib() / (1024.0 * 1024.0)));
		machine.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
		machine.put("fd_limit", openFilesLimitText());
		return machine;
	}

	static String summary() {
		Map<String, Object> machine = describe();
		return machine.get("cores") + " cores, " + machine.get("memory_gib") + " GiB, " + machine.get("jvm")
				+ ", servers at -Xmx2g, open files limit " + machine.get("fd_limit");
	}

	private static long memoryKib() {
		for (String line : read(Path.of("/proc/meminfo")).split("\n")) {
			if (line.startsWith("MemTotal:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return 0;
	}

	/**
	 * Return this process's open-files limit, or 20,000 if {@code /proc} does not say.
	 * @return the limit
	 */
	static int openFilesLimit() {
		String limit = openFilesLimitText();
		return limit.matches("[0-9]+") ? Integer.parseInt(limit) : 20_000;
	}

	private static String openFilesLimitText() {
		for (String line : read(Path.of("/proc/self/limits")).split("\n")) {
			if (line.startsWith("Max open files")) {
				return line.substring("Max open files".length()).trim().split("\\s+")[0];
			}
		}
		return "unknown";
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
