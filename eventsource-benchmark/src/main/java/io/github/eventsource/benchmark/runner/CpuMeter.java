package io.github.eventsource.benchmark.runner;

/**
 * The CPU used by the server, by this process (the generator) and by everything else
 * over an interval, in cores: {@code 1.0} is one core busy for the whole interval.
 */
final class CpuMeter {

	private final ProcStat server;

	private final ProcStat generator = ProcStat.self();

	private final long startNanos = System.nanoTime();

	private final long serverStart;

	private final long serverSystemStart;

	private final long generatorStart;

	private final long machineStart;

	CpuMeter(ProcStat server) {
		this.server = server;
		this.serverStart = server.cpuMicros();
		this.serverSystemStart = server.systemMicros();
		this.generatorStart = this.generator.cpuMicros();
		this.machineStart = ProcStat.machineBusyMicros();
	}

	/**
	 * Return the server's CPU time since this meter started.
	 * @return the CPU time in microseconds
	 */
	long serverMicros() {
		return this.server.cpuMicros() - this.serverStart;
	}

	/**
	 * Return the share of the server's CPU time spent in the kernel since this meter
	 * started.
	 * @return the kernel share, from 0 to 1
	 */
	double serverKernelShare() {
		long total = serverMicros();
		return (total > 0) ? Math.round(100.0 * (this.server.systemMicros() - this.serverSystemStart) / total) / 100.0
				: 0;
	}

	double serverCores() {
		return cores(serverMicros());
	}

	double generatorCores() {
		return cores(this.generator.cpuMicros() - this.generatorStart);
	}

	/**
	 * Return the CPU used by everything else on the machine (other processes, the
	 * kernel's own threads), in cores: a measure of how quiet the machine was.
	 * @return the others' CPU in cores
	 */
	double otherCores() {
		long machine = ProcStat.machineBusyMicros() - this.machineStart;
		long ours = serverMicros() + this.generator.cpuMicros() - this.generatorStart;
		return cores(Math.max(0, machine - ours));
	}

	private double cores(long cpuMicros) {
		double wallMicros = (System.nanoTime() - this.startNanos) / 1000.0;
		return Math.round(100 * cpuMicros / wallMicros) / 100.0;
	}

}
