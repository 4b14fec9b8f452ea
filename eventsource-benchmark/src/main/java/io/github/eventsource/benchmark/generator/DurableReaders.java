package io.github.eventsource.benchmark.generator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads durable streams in the protocol's SSE mode ({@code GET path?offset=…&live=sse})
 * on non-blocking sockets, all served by one selector thread, and measures what arrives:
 * each item's latency from the send time stamped in it ({@code {"t":…,"seq":N}}, see
 * {@link DurableWriter}), and the sequence numbers missing per reader. A response the
 * server ends (the protocol ends SSE responses about every minute) is read on from the
 * offset of its last {@code control} event, as the protocol's clients do.
 * <p>
 * Methods may be called from any thread; the work happens on the readers' thread.
 */
public final class DurableReaders implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DurableReaders.class);

	private static final String NEXT_OFFSET = "\"streamNextOffset\":\"";

	private final InetSocketAddress server;

	private final Clock clock;

	private final Selector selector;

	private final Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final List<Reader> readers = new ArrayList<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);

	private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);

	private long fromSeq = Long.MAX_VALUE;

	private long received;

	private long nowMicros;

	private volatile boolean running = true;

	/**
	 * Create readers of one server, their thread started.
	 * @param server the server's address
	 * @param clock the clock the send times are compared with
	 * @throws IOException if no selector can be opened
	 */
	public DurableReaders(InetSocketAddress server, Clock clock) throws IOException {
		this.server = server;
		this.clock = clock;
		this.selector = Selector.open();
		this.thread = new Thread(this::loop, "durable-readers");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Open one reader of a stream from its start.
	 * @param path the stream's path, such as {@code /v1/stream/s-1}
	 */
	public void open(String path) {
		this.tasks.add(() -> connect(new Reader(path)));
		this.selector.wakeup();
	}

	/**
	 * Return how many readers had a {@code control} event: they are reading live.
	 * @return the readers reading
	 */
	public int reading() {
		return call(() -> (int) this.readers.stream().filter((reader) -> reader.controls > 0).count());
	}

	/**
	 * Start a measurement window: from now on, the items of a sequence number from
	 * {@code fromSeq} on are counted, those a reader received already included (the
	 * writer may have sent them before the window started).
	 * @param fromSeq the first sequence number counted
	 */
	public void startWindow(long fromSeq) {
		call(() -> {
			this.fromSeq = fromSeq;
			this.latencyMicros.reset();
			this.readers.forEach((reader) -> reader.counted = Math.max(0, reader.lastSeq - fromSeq + 1));
			return null;
		});
	}

	/**
	 * Return the lowest sequence number every reader has received.
	 * @return the lowest last sequence number
	 */
	public long lowestLastSeq() {
		return call(() -> this.readers.stream().mapToLong((reader) -> reader.lastSeq).min().orElse(0));
	}

	/**
	 * Report on the window: every reader should have received the items of each
	 * sequence number from its start to {@code toSeq}.
	 * @param toSeq the last sequence number of the window
	 * @return the report: readers, items, missing, gaps and latency
	 */
	public WindowReport report(long toSeq) {
		return call(() -> {
			long expected = toSeq - this.fromSeq + 1;
			long delivered = 0;
			long missing = 0;
			long gaps = 0;
			for (Reader reader : this.readers) {
				delivered += reader.counted;
				missing += Math.max(0, expected - reader.counted);
				gaps += reader.gaps;
			}
			return new WindowReport(this.readers.size(), delivered, missing, gaps,
					this.latencyMicros.getValueAtPercentile(50) / 1000.0,
					this.latencyMicros.getValueAtPercentile(99) / 1000.0, this.latencyMicros.getMaxValue() / 1000.0);
		});
	}

	/**
	 * Return the items every reader received so far, of any sequence number: what the
	 * readers received between two calls, whenever appended.
	 * @return the items received
	 */
	public long received() {
		return call(() -> this.received);
	}

	/**
	 * Return how often a reader read on after the server ended its response.
	 * @return the reconnects
	 */
	public long reconnects() {
		return call(() -> this.readers.stream().mapToLong((reader) -> reader.reconnects).sum());
	}

	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(10_000);
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the selector", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private <T> T call(Supplier<T> task) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.tasks.add(() -> result.complete(task.get()));
		this.selector.wakeup();
		try {
			return result.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the readers", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The readers' thread did not answer", ex);
		}
	}

	private void loop() {
		try {
			while (this.running) {
				this.selector.select(100);
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					task.run();
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					read((Reader) key.attachment(), key);
				}
				this.selector.selectedKeys().clear();
			}
			for (Reader reader : this.readers) {
				closeQuietly(reader.channel);
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			// the thread's boundary: the callers see it stopped (call() fails)
			logger.error("Durable readers failed", ex);
		}
	}

	private void connect(Reader reader) {
		if (!this.readers.contains(reader)) {
			this.readers.add(reader);
		}
		try {
			SocketChannel channel = SocketChannel.open();
			channel.setOption(StandardSocketOptions.SO_LINGER, 0);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.connect(this.server);
			channel.configureBlocking(false);
			ByteBuffer request = ByteBuffer.wrap(("GET " + reader.path + "?offset="
					+ URLEncoder.encode(reader.offset, StandardCharsets.UTF_8) + "&live=sse HTTP/1.1\r\nHost: "
					+ this.server.getHostString() + ":" + this.server.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			while (request.hasRemaining()) {
				channel.write(request);
			}
			reader.connected(channel);
			channel.register(this.selector, SelectionKey.OP_READ, reader);
		}
		catch (IOException ex) {
			logger.warn("Could not open a reader of " + reader.path + ": " + ex);
		}
	}

	private void read(Reader reader, SelectionKey key) {
		try {
			this.readBuffer.clear();
			int read = reader.channel.read(this.readBuffer);
			if (read < 0) {
				reconnect(reader, key);
				return;
			}
			Instant now = this.clock.instant();
			this.nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
			this.readBuffer.flip();
			if (!reader.decoder.decode(this.readBuffer)) {
				reconnect(reader, key);
			}
		}
		catch (IOException ex) {
			reconnect(reader, key);
		}
	}

	private void reconnect(Reader reader, SelectionKey key) {
		key.cancel();
		closeQuietly(reader.channel);
		if (this.running) {
			reader.reconnects++;
			connect(reader);
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a socket", ex);
		}
	}

	/**
	 * One reader of one stream: its position, what it counted, its parsers. Used on the
	 * readers' thread only.
	 */
	private final class Reader implements HttpResponseDecoder.BodyListener, SseParser.Listener {

		private final String path;

		private String offset = "-1";

		private SocketChannel channel;

		private HttpResponseDecoder decoder;

		private SseParser parser;

		private long controls;

		private long lastSeq;

		private long counted;

		private long gaps;

		private long reconnects;

		Reader(String path) {
			this.path = path;
		}

		void connected(SocketChannel channel) {
			this.channel = channel;
			this.decoder = new HttpResponseDecoder(this);
			this.parser = new SseParser(this);
		}

		@Override
		public void head(int status) {
			if (status != 200) {
				logger.warn("Reading " + this.path + " was answered " + status);
			}
		}

		@Override
		public void body(ByteBuffer bytes) {
			this.parser.parse(bytes);
		}

		@Override
		public void comment() {
		}

		@Override
		public void event(@Nullable String lastEventId, String data) {
			if (data.startsWith("[")) {
				items(data);
			}
			else {
				int start = data.indexOf(NEXT_OFFSET);
				if (start >= 0) {
					start += NEXT_OFFSET.length();
					this.offset = data.substring(start, data.indexOf('"', start));
					this.controls++;
				}
			}
		}

		/**
		 * Count the items of a data event, a JSON array of {@code {"t":…,"seq":N}}.
		 */
		private void items(String data) {
			for (int start = data.indexOf('{'); start >= 0; start = data.indexOf('{', start + 1)) {
				String item = data.substring(start, data.indexOf('}', start) + 1);
				long seq = Long.parseLong(item, item.indexOf("\"seq\":") + 6, item.length() - 1, 10);
				if (this.lastSeq > 0 && seq != this.lastSeq + 1) {
					this.gaps++;
				}
				this.lastSeq = seq;
				DurableReaders.this.received++;
				if (seq >= DurableReaders.this.fromSeq) {
					this.counted++;
					DurableReaders.this.latencyMicros
						.recordValue(Math.max(0, DurableReaders.this.nowMicros - Measurement.sentMicros(item)));
				}
			}
		}

	}

}
