package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's CPU time and resident memory from {@code /proc} (Linux).
 *
 * @param pid the process id
 */
record ProcStat(long pid) {

	private static final long MICROS_PER_TICK = 10_000;

	/**
	 * The fields of {@code /proc/stat}'s first line that count busy time: user, nice,
	 * system, irq and softirq (not idle, iowait, steal, or guest, already in user).
	 */
	private static final int[] BUSY_FIELDS = { 1, 2, 3, 6, 7 };

	static ProcStat self() {
		return new ProcStat(ProcessHandle.current().pid());
	}

	/**
	 * Return the CPU time used so far, user and system, in microseconds (the kernel
	 * counts in ticks of 10 ms).
	 * @return the CPU time
	 */
	long cpuMicros() {
		return userMicros() + systemMicros();
	}

	/**
	 * Return the CPU time used so far in the kernel, in microseconds.
	 * @return the system CPU time
	 */
	long systemMicros() {
		return statField(12) * MICROS_PER_TICK;
	}

	private long userMicros() {
		return statField(11) * MICROS_PER_TICK;
	}

	private long statField(int index) {
		String stat = read("stat");
		return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
	}

	/**
	 * Return the resident set size.
	 * @return the RSS in bytes
	 */
	long rssBytes() {
		for (String line : read("status").split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		throw new IllegalStateException("No VmRSS for process " + this.pid);
	}

	/**
	 * Return the CPU time all processes of the machine used so far, from
	 * {@code /proc/stat}, in microseconds.
	 * @return the machine's busy CPU time
	 */
	static long machineBusyMicros() {
		String[] fields = readPath(Path.of("/proc/stat")).split("\n")[0].trim().split("\\s+");
		long busy = 0;
		for (int i : BUSY_FIELDS) {
			busy += Long.parseLong(fields[i]);
		}
		return busy * MICROS_PER_TICK;
	}

	private String read(String file) {
		return readPath(Path.of("/proc", Long.toString(this.pid), file));
	}

	private static String readPath(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
