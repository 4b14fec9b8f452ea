package io.github.eventsource.benchmark.generator;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;

/**
 * Streams opened together at one rate, in one mode, and what became of them. Counters
 * are written by the generator's thread and readable from any thread.
 */
public final class StreamGroup {

	private final int count;

	private final double perSecond;

	private final StreamMode mode;

	private final InetSocketAddress server;

	private final IntFunction<String> paths;

	private int connecting;

	private final Measurement measurement = new Measurement();

	private final Histogram connectLatencyMicros = new Histogram(3_600_000_000L, 3);

	private final long startNanos = System.nanoTime();

	private int initiated;

	final AtomicInteger open = new AtomicInteger();

	final AtomicInteger failed = new AtomicInteger();

	final AtomicInteger ended = new AtomicInteger();

	final AtomicInteger disconnected = new AtomicInteger();

	final AtomicInteger malformed = new AtomicInteger();

	final Queue<Integer> localPorts = new ConcurrentLinkedQueue<>();

	StreamGroup(int count, double perSecond, StreamMode mode, InetSocketAddress server, IntFunction<String> paths) {
		this.count = count;
		this.perSecond = perSecond;
		this.mode = mode;
		this.server = server;
		this.paths = paths;
	}

	/**
	 * Return the number of streams the server opened (their first comment arrived).
	 * @return the number of streams opened
	 */
	public int opened() {
		return this.open.get();
	}

	/**
	 * Return the number of streams that could not connect or were refused.
	 * @return the number of failed streams
	 */
	public int failed() {
		return this.failed.get();
	}

	/**
	 * Return the number of opened streams that the server ended.
	 * @return the number of streams ended by the server
	 */
	public int endedByServer() {
		return this.ended.get();
	}

	/**
	 * Return the number of streams whose response was not a well-formed chunked event
	 * stream (they are ended, and counted as ended by the server if they had opened).
	 * @return the number of malformed streams
	 */
	public int malformed() {
		return this.malformed.get();
	}

	/**
	 * Return the number of streams opened and not yet ended by either side.
	 * @return the number of live streams
	 */
	public int live() {
		return this.open.get() - this.ended.get() - this.disconnected.get();
	}

	/**
	 * Return whether every stream of the group has either opened or failed.
	 * @return whether the group is settled
	 */
	public boolean settled() {
		return this.open.get() + this.failed.get() >= this.count;
	}

	/**
	 * Return the number of streams asked for.
	 * @return the group's size
	 */
	public int size() {
		return this.count;
	}

	/**
	 * Return the local ports of the group's sockets, to find them in the kernel's
	 * table of TCP connections.
	 * @return the local ports
	 */
	public List<Integer> localPorts() {
		return List.copyOf(this.localPorts);
	}

	StreamMode mode() {
		return this.mode;
	}

	InetSocketAddress server() {
		return this.server;
	}

	/**
	 * Return the path of the next stream to connect, the n-th of the group getting the
	 * n-th path; used by the generator's thread only.
	 * @return the path, such as {@code /rooms/42}
	 */
	String nextPath() {
		return this.paths.apply(this.connecting++);
	}

	/**
	 * Return what the group's streams received in the current window; used by the
	 * generator's thread only.
	 * @return the group's measurement
	 */
	Measurement measurement() {
		return this.measurement;
	}

	/**
	 * Return the time from starting to connect to the response's headers, of each stream
	 * of the group that got them; used by the generator's thread only.
	 * @return the connect latencies in microseconds
	 */
	Histogram connectLatencyMicros() {
		return this.connectLatencyMicros;
	}

	/**
	 * Return how many more streams are due now, and count them as initiated.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the number of streams to initiate now
	 */
	int takeDue(long nowNanos) {
		double seconds = (nowNanos - this.startNanos) / 1e9;
		int due = (int) Math.min(this.count, Math.floor(this.perSecond * seconds) + 1);
		int take = Math.max(0, due - this.initiated);
		this.initiated += take;
		return take;
	}

	boolean pending() {
		return this.initiated < this.count;
	}

}
