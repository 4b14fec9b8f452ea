package io.github.eventsource.benchmark.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens many SSE streams to a server (or to several, one per group of streams) on
 * non-blocking sockets, all served by one selector thread, and measures what arrives:
 * per-event latency from the send time in the event's data, and ids missing per stream,
 * for all streams and for each group.
 * <p>
 * Methods may be called from any thread; the work happens on the generator's thread.
 */
public final class LoadGenerator implements AutoCloseable, ClientStream.Events {

	private static final Log logger = LogFactory.getLog(LoadGenerator.class);

	private static final int STALLED_RECEIVE_BUFFER = 4096;

	private final InetSocketAddress server;

	private final Clock clock;

	private final String path;

	private final Selector selector;

	private final Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final List<StreamGroup> opening = new ArrayList<>();

	private final Set<ClientStream> streams = new HashSet<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

	private final Measurement measurement = new Measurement();

	private volatile boolean running = true;

	private long nowMicros;

	/**
	 * Create a generator and start its thread.
	 * @param server the server's address
	 * @param path the path of the streams, such as {@code /sse}
	 * @param clock the clock that latencies are measured with
	 */
	public LoadGenerator(InetSocketAddress server, String path, Clock clock) {
		this.server = server;
		this.clock = clock;
		this.path = path;
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.thread = new Thread(this::loop, "load-generator");
		this.thread.start();
	}

	/**
	 * Start opening streams at a steady rate.
	 * @param count the number of streams
	 * @param perSecond the number of streams opened per second
	 * @param mode what each stream does once open
	 * @return the group, whose counters follow the streams
	 */
	public StreamGroup open(int count, double perSecond, StreamMode mode) {
		return open(this.server, count, perSecond, mode);
	}

	/**
	 * Start opening streams to another server, on the same path, at a steady rate.
	 * @param server the server's address
	 * @param count the number of streams
	 * @param perSecond the number of streams opened per second
	 * @param mode what each stream does once open
	 * @return the group, whose counters follow the streams
	 */
	public StreamGroup open(InetSocketAddress server, int count, double perSecond, StreamMode mode) {
		return open(server, this.path, count, perSecond, mode);
	}

	/**
	 * Start opening streams to a server, on a path of their own, at a steady rate.
	 * @param server the server's address
	 * @param path the path of these streams, such as {@code /stall}
	 * @param count the number of streams
	 * @param perSecond the number of streams opened per second
	 * @param mode what each stream does once open
	 * @return the group, whose counters follow the streams
	 */
	public StreamGroup open(InetSocketAddress server, String path, int count, double perSecond, StreamMode mode) {
		return open(server, (stream) -> path, count, perSecond, mode);
	}

	/**
	 * Start opening streams to a server, each on a path of its own, at a steady rate.
	 * @param server the server's address
	 * @param paths the path of each stream of the group, by its number from {@code 0},
	 * such as {@code /rooms/<n mod 1000>}; called on the generator's thread
	 * @param count the number of streams
	 * @param perSecond the number of streams opened per second
	 * @param mode what each stream does once open
	 * @return the group, whose counters follow the streams
	 */
	public StreamGroup open(InetSocketAddress server, IntFunction<String> paths, int count, double perSecond,
			StreamMode mode) {
		StreamGroup group = new StreamGroup(count, perSecond, mode, server, paths);
		call(() -> this.opening.add(group));
		return group;
	}

	/**
	 * Start a measurement window: from now on, count the events with this id or above on
	 * the streams that are open and reading.
	 * @param fromId the first id of the window
	 */
	public void startWindow(long fromId) {
		call(() -> {
			this.measurement.start(fromId);
			this.streams.stream().map(ClientStream::group).distinct().forEach((group) -> group.measurement().start(fromId));
			this.streams.forEach(ClientStream::startWindow);
			return null;
		});
	}

	/**
	 * Return the lowest last id among the streams of the window, to tell when the
	 * window's last event has reached every one of them.
	 * @return the lowest last id, or {@link Long#MAX_VALUE} if no stream is counted
	 */
	public long lowestLastId() {
		return call(() -> this.streams.stream()
			.filter(ClientStream::inWindow)
			.mapToLong(ClientStream::lastId)
			.min()
			.orElse(Long.MAX_VALUE));
	}

	/**
	 * Report on the window that ends with the given id.
	 * @param toId the last id broadcast in the window
	 * @return the report
	 */
	public WindowReport report(long toId) {
		return call(() -> report(toId, (stream) -> true, this.measurement));
	}

	/**
	 * Report on the window that ends with the given id, for the streams of one group.
	 * @param toId the last id broadcast in the window
	 * @param group the group
	 * @return the report on the group's streams
	 */
	public WindowReport report(long toId, StreamGroup group) {
		return call(() -> report(toId, (stream) -> stream.group() == group, group.measurement()));
	}

	private WindowReport report(long toId, Predicate<ClientStream> included, Measurement measurement) {
		long expected = Math.max(0, toId - this.measurement.fromId() + 1);
		int counted = 0;
		long missing = 0;
		long gaps = 0;
		for (ClientStream stream : this.streams) {
			if (stream.inWindow() && included.test(stream)) {
				counted++;
				missing += Math.max(0, expected - stream.windowEvents());
				gaps += stream.gaps();
			}
		}
		Histogram latency = measurement.latencyMicros();
		return new WindowReport(counted, measurement.delivered(), missing, gaps,
				latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
				latency.getMaxValue() / 1000.0);
	}

	/**
	 * Report the time from starting to connect to the response's headers for the streams
	 * of a group that got them so far: while the group was opened, at its rate.
	 * @param group the group
	 * @return the connect latencies
	 */
	public ConnectReport connectReport(StreamGroup group) {
		return call(() -> {
			Histogram latency = group.connectLatencyMicros();
			return new ConnectReport(latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
					latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
		});
	}

	/**
	 * Close every stream (with a reset) and stop the generator's thread.
	 */
	@Override
	public void close() {
		if (this.thread.isAlive()) {
			call(() -> {
				new ArrayList<>(this.streams).forEach(ClientStream::close);
				return null;
			});
		}
		else {
			this.streams.forEach((stream) -> closeQuietly(stream.channel()));
		}
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join();
			this.selector.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public boolean counts(long id) {
		return this.measurement.counts(id);
	}

	@Override
	public void delivered(StreamGroup group, String data) {
		this.measurement.record(data, this.nowMicros);
		group.measurement().record(data, this.nowMicros);
	}

	@Override
	public void closed(ClientStream stream) {
		this.streams.remove(stream);
	}

	private <T> T call(Supplier<T> task) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.tasks.add(() -> result.complete(task.get()));
		this.selector.wakeup();
		try {
			while (true) {
				try {
					return result.get(1, TimeUnit.SECONDS);
				}
				catch (TimeoutException ex) {
					if (!this.thread.isAlive()) {
						throw new IllegalStateException("The load generator's thread has stopped; see the log");
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the generator", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Generator task failed", ex.getCause());
		}
	}

	private void loop() {
		try {
			while (this.running) {
				this.selector.select(this.opening.isEmpty() ? 100 : 1);
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					task.run();
				}
				openDue();
				for (SelectionKey key : this.selector.selectedKeys()) {
					handle(key);
				}
				this.selector.selectedKeys().clear();
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			// the thread's boundary: the callers see it stopped (call() fails)
			logger.error("Load generator failed", ex);
		}
	}

	private void openDue() {
		long now = System.nanoTime();
		for (StreamGroup group : this.opening) {
			for (int i = group.takeDue(now); i > 0; i--) {
				connect(group);
			}
		}
		this.opening.removeIf((group) -> !group.pending());
	}

	private void connect(StreamGroup group) {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open();
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.SO_LINGER, 0);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			if (group.mode() == StreamMode.STALL) {
				channel.setOption(StandardSocketOptions.SO_RCVBUF, STALLED_RECEIVE_BUFFER);
			}
			ClientStream stream = new ClientStream(channel, group, group.nextPath(), this);
			this.streams.add(stream);
			channel.connect(group.server());
			stream.key(channel.register(this.selector, SelectionKey.OP_CONNECT, stream));
		}
		catch (IOException ex) {
			group.failed.incrementAndGet();
			logger.debug("Could not open a stream", ex);
			if (channel != null) {
				closeQuietly(channel);
			}
		}
	}

	private void handle(SelectionKey key) {
		ClientStream stream = (ClientStream) key.attachment();
		if (!key.isValid()) {
			return;
		}
		try {
			if (key.isConnectable()) {
				stream.channel().finishConnect();
				if (stream.channel().getLocalAddress() instanceof InetSocketAddress local) {
					stream.group().localPorts.add(local.getPort());
				}
				ByteBuffer request = ByteBuffer.wrap(request(stream));
				stream.channel().write(request);
				if (request.hasRemaining()) {
					throw new IOException("Request not written at once");
				}
				key.interestOps(SelectionKey.OP_READ);
			}
			else if (key.isReadable()) {
				this.readBuffer.clear();
				int read = stream.channel().read(this.readBuffer);
				if (read < 0) {
					stream.end();
					return;
				}
				// stamped after each read: bytes that arrived while earlier keys were handled
				// must not be stamped with a time before they were sent
				Instant now = this.clock.instant();
				this.nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
				this.readBuffer.flip();
				try {
					stream.read(this.readBuffer);
				}
				catch (RuntimeException ex) {
					// bytes that are not a chunked event stream end that stream, not the generator
					stream.group().malformed.incrementAndGet();
					logger.warn("Malformed response on a stream; closing it", ex);
					stream.end();
				}
			}
		}
		catch (IOException ex) {
			stream.end();
		}
	}

	private byte[] request(ClientStream stream) {
		InetSocketAddress server = stream.group().server();
		return ("GET " + stream.path() + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
				+ "\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a socket", ex);
		}
	}

}
