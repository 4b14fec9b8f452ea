package io.github.eventsource.benchmark.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * One generated stream: its socket, its decoders, and its place in the id sequence.
 * Used by the generator's thread only.
 */
final class ClientStream implements HttpResponseDecoder.BodyListener, SseParser.Listener {

	private final SocketChannel channel;

	private final StreamGroup group;

	private final String path;

	private final Events events;

	private final HttpResponseDecoder decoder = new HttpResponseDecoder(this);

	private final SseParser parser = new SseParser(this);

	private @Nullable SelectionKey key;

	private final long connectNanos = System.nanoTime();

	private boolean opened;

	private boolean closed;

	private long lastId = -1;

	private long gaps;

	private long windowEvents;

	private boolean inWindow;

	ClientStream(SocketChannel channel, StreamGroup group, String path, Events events) {
		this.channel = channel;
		this.group = group;
		this.path = path;
		this.events = events;
	}

	SocketChannel channel() {
		return this.channel;
	}

	StreamGroup group() {
		return this.group;
	}

	String path() {
		return this.path;
	}

	void key(SelectionKey key) {
		this.key = key;
	}

	/**
	 * Decode what was read.
	 * @param bytes the bytes read
	 */
	void read(ByteBuffer bytes) {
		if (!this.decoder.decode(bytes) && !this.closed) {
			end();
		}
	}

	@Override
	public void head(int status) {
		this.group.connectLatencyMicros().recordValue(Math.max(0, (System.nanoTime() - this.connectNanos) / 1000));
		if (status != 200) {
			this.group.failed.incrementAndGet();
			close();
		}
	}

	@Override
	public void body(ByteBuffer bytes) {
		this.parser.parse(bytes);
	}

	@Override
	public void comment() {
		if (this.opened || this.closed) {
			return;
		}
		this.opened = true;
		this.group.open.incrementAndGet();
		if (this.group.mode() == StreamMode.STALL && this.key != null) {
			this.key.interestOps(0);
		}
		else if (this.group.mode() == StreamMode.CHURN) {
			this.group.disconnected.incrementAndGet();
			close();
		}
	}

	@Override
	public void event(@Nullable String lastEventId, String data) {
		long id = (lastEventId != null) ? Long.parseLong(lastEventId) : -1;
		if (this.lastId >= 0 && id > this.lastId + 1) {
			this.gaps += id - this.lastId - 1;
		}
		this.lastId = Math.max(this.lastId, id);
		if (this.inWindow && this.events.counts(id)) {
			this.windowEvents++;
			this.events.delivered(this.group, data);
		}
	}

	/**
	 * Count the events from now on, if the stream is open and reading.
	 */
	void startWindow() {
		this.inWindow = this.opened && !this.closed && this.group.mode() == StreamMode.READ;
		this.windowEvents = 0;
		this.gaps = 0;
	}

	boolean inWindow() {
		return this.inWindow && !this.closed;
	}

	long windowEvents() {
		return this.windowEvents;
	}

	long gaps() {
		return this.gaps;
	}

	long lastId() {
		return this.lastId;
	}

	/**
	 * The connection failed or the server ended the response.
	 */
	void end() {
		if (this.closed) {
			return;
		}
		if (this.opened) {
			this.group.ended.incrementAndGet();
		}
		else {
			this.group.failed.incrementAndGet();
		}
		close();
	}

	/**
	 * Close the socket at once, with a reset, so that no port lingers in TIME_WAIT.
	 */
	void close() {
		this.closed = true;
		this.events.closed(this);
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// closing a socket we are done with; nothing to do
		}
	}

	/**
	 * Where a stream reports its events and its end; the generator.
	 */
	interface Events {

		boolean counts(long id);

		void delivered(StreamGroup group, String data);

		void closed(ClientStream stream);

	}

}
