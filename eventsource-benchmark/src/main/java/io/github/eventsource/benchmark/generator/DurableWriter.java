package io.github.eventsource.benchmark.generator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventsource.benchmark.server.EventData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One writer appending to many durable streams at a fixed rate: each tick appends one
 * item {@code {"t":<send time>,"seq":N}} to every stream ({@code POST}, JSON), {@code N}
 * the tick's number from 1, so that every stream gets the same sequence. The streams are
 * shared out over a few keep-alive connections, each with its own ticking thread, which
 * pipelines a tick's appends in one write, and its own thread reading the responses.
 */
public final class DurableWriter implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DurableWriter.class);

	private final List<Connection> connections = new ArrayList<>();

	private final ScheduledExecutorService ticks;

	private final long periodNanos;

	private final Clock clock;

	private final List<ScheduledFuture<?>> ticking = new ArrayList<>();

	/**
	 * Connect a writer.
	 * @param server the server's address
	 * @param paths the streams' paths, such as {@code /v1/stream/s-1}
	 * @param perSecond the appends per second to each stream
	 * @param connections how many connections share the streams
	 * @param clock the clock of the send times
	 * @throws IOException if a connection cannot be opened
	 */
	public DurableWriter(InetSocketAddress server, List<String> paths, double perSecond, int connections, Clock clock)
			throws IOException {
		this.periodNanos = Math.round(1e9 / perSecond);
		this.clock = clock;
		this.ticks = Executors.newScheduledThreadPool(connections);
		for (int c = 0; c < connections; c++) {
			List<String> share = new ArrayList<>();
			for (int i = c; i < paths.size(); i += connections) {
				share.add(paths.get(i));
			}
			this.connections.add(new Connection(server, share));
		}
	}

	/**
	 * Start appending.
	 */
	public void start() {
		for (Connection connection : this.connections) {
			this.ticking.add(this.ticks.scheduleAtFixedRate(connection::tick, 0, this.periodNanos, TimeUnit.NANOSECONDS));
		}
	}

	/**
	 * Return the last sequence number every stream has been sent.
	 * @return the lowest sequence number sent over every connection
	 */
	public long sentSeq() {
		return this.connections.stream().mapToLong((connection) -> connection.seq.get()).min().orElse(0);
	}

	/**
	 * Stop appending once the tick in progress is sent.
	 * @return the last sequence number every stream was sent
	 */
	public long stop() {
		this.ticking.forEach((tick) -> tick.cancel(false));
		this.ticks.shutdown();
		try {
			this.ticks.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return sentSeq();
	}

	/**
	 * Return the appends sent and not answered yet.
	 * @return the unanswered appends
	 */
	public long unanswered() {
		return this.connections.stream().mapToLong(Connection::unanswered).sum();
	}

	/**
	 * Return the appends answered with a 2xx status.
	 * @return the appends that succeeded
	 */
	public long appended() {
		return this.connections.stream().mapToLong((connection) -> connection.appended.get()).sum();
	}

	/**
	 * Return the appends answered with another status.
	 * @return the appends refused
	 */
	public long refused() {
		return this.connections.stream().mapToLong((connection) -> connection.refused.get()).sum();
	}

	/**
	 * Return the appends in flight on a connection the server closed: never answered.
	 * @return the appends lost
	 */
	public long lost() {
		return this.connections.stream().mapToLong((connection) -> connection.lost.get()).sum();
	}

	@Override
	public void close() {
		this.ticks.shutdownNow();
		this.connections.forEach(Connection::close);
	}

	/**
	 * The streams of one share and the keep-alive connection their appends go over,
	 * opened again when the server closes it (what was in flight on it is lost).
	 */
	private final class Connection {

		private final InetSocketAddress server;

		private final List<String> paths;

		private final AtomicLong seq = new AtomicLong();

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong appended = new AtomicLong();

		private final AtomicLong refused = new AtomicLong();

		private final AtomicLong lost = new AtomicLong();

		private volatile Link link;

		Connection(InetSocketAddress server, List<String> paths) throws IOException {
			this.server = server;
			this.paths = paths;
			this.link = new Link(server, this.appended, this.refused);
		}

		/**
		 * Append the next item to each of this connection's streams, in one write; the
		 * scheduler's thread boundary: a failed write is counted and the next tick goes
		 * over a new connection.
		 */
		void tick() {
			long next = this.seq.get() + 1;
			byte[] body = EventData.stamped(DurableWriter.this.clock.instant(), next, 0)
				.getBytes(StandardCharsets.US_ASCII);
			String host = this.server.getHostString() + ":" + this.server.getPort();
			ByteArrayOutputStream requests = new ByteArrayOutputStream(this.paths.size() * 160);
			for (String path : this.paths) {
				requests.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: " + host
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				requests.writeBytes(body);
			}
			Link link = this.link;
			try {
				this.sent.addAndGet(this.paths.size());
				link.sent.addAndGet(this.paths.size());
				requests.writeTo(link.output);
				link.output.flush();
			}
			catch (IOException ex) {
				logger.warn("Appending failed, connecting again: " + ex);
				link.close();
				this.lost.addAndGet(link.unanswered());
				try {
					this.link = new Link(this.server, this.appended, this.refused);
				}
				catch (IOException again) {
					logger.warn("Could not connect again: " + again);
				}
			}
			this.seq.set(next);
		}

		long unanswered() {
			return this.sent.get() - this.appended.get() - this.refused.get() - this.lost.get();
		}

		void close() {
			this.link.close();
		}

	}

	/**
	 * One keep-alive connection: its socket and the thread reading its responses.
	 */
	private static final class Link {

		private final Socket socket;

		private final OutputStream output;

		private final InputStream input;

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong answered = new AtomicLong();

		private final AtomicLong appended;

		private final AtomicLong refused;

		Link(InetSocketAddress server, AtomicLong appended, AtomicLong refused) throws IOException {
			this.socket = new Socket(server.getAddress(), server.getPort());
			this.socket.setTcpNoDelay(true);
			this.output = this.socket.getOutputStream();
			this.input = new BufferedInputStream(this.socket.getInputStream(), 64 * 1024);
			this.appended = appended;
			this.refused = refused;
			Thread responses = new Thread(this::readResponses, "durable-writer-responses");
			responses.setDaemon(true);
			responses.start();
		}

		long unanswered() {
			return this.sent.get() - this.answered.get();
		}

		private void readResponses() {
			try {
				while (true) {
					int status = readResponse();
					(status / 100 == 2 ? this.appended : this.refused).incrementAndGet();
					this.answered.incrementAndGet();
				}
			}
			catch (IOException | RuntimeException ex) {
				// the thread's boundary: the connection closed; what is unanswered shows as such
				logger.debug("Reading append responses ended: " + ex);
			}
		}

		/**
		 * Read one response, its body dropped, and return its status.
		 */
		private int readResponse() throws IOException {
			int status = Integer.parseInt(line().substring(9, 12));
			long length = 0;
			boolean chunked = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(header.indexOf(':') + 1).trim();
				length = name.equals("content-length") ? Long.parseLong(value) : length;
				chunked |= name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked");
			}
			if (!chunked) {
				this.input.skipNBytes(length);
				return status;
			}
			long size;
			while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
				this.input.skipNBytes(size + 2);
			}
			line();
			return status;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(48);
			int c;
			while ((c = this.input.read()) != '\n') {
				if (c < 0) {
					throw new IOException("Connection closed");
				}
				line.append((char) c);
			}
			int end = line.length();
			return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close a writer connection", ex);
			}
		}

	}

}
