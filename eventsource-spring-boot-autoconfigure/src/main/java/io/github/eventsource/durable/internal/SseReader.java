package io.github.eventsource.durable.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.internal.OutboundStream;
import io.github.eventsource.durable.DurableStreamException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * One reader of a stream in the protocol's SSE mode: it reads the stream from its
 * offset and queues a {@code data} and a {@code control} event per read in an
 * {@link OutboundStream}, the bounded non-blocking writer of our endpoints, over the
 * request's async context and the container's non-blocking output. It reads on only
 * while that writer has room (slow clients cost their bound, no more), follows the
 * stream once caught up, and ends the response once the stream is closed and read, the
 * connection's time is up (the protocol closes SSE connections about every minute, for
 * caches to collapse), the stream is deleted, or the server shuts down.
 * <p>
 * Thread-safe: a lock of its own makes reads of the stream one at a time, another makes
 * every write and the end of the response exclusive.
 */
final class SseReader implements StoredStream.Follower, OutboundStream.Transport, OutboundStream.Listener,
		WriteListener, AsyncListener {

	private static final Log logger = LogFactory.getLog(SseReader.class);

	private static final OutboundStream.Bounds BOUNDS = new OutboundStream.Bounds(256, 4 * 1024 * 1024,
			OverflowPolicy.DISCONNECT);

	private static final Executor LATER = CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS);

	private final StoredStream log;

	private final long maxReadBytes;

	private final Cursors cursors;

	private final @Nullable String clientCursor;

	/**
	 * Written on the thread that wakes it (the reading or appending thread, or the
	 * container's): this reader reads on only as far as its writer has room, so it needs
	 * its writes done when it looks again. Not yet on the endpoints' stream writers.
	 */
	private final OutboundStream stream = new OutboundStream(this, BOUNDS, this, Runnable::run);

	private final ReentrantLock readLock = new ReentrantLock();

	private final ReentrantLock writeLock = new ReentrantLock();

	private @Nullable AsyncContext async;

	private @Nullable ServletOutputStream output;

	private long position;

	private boolean first = true;

	private boolean done;

	private boolean completed;

	SseReader(StoredStream log, long position, long maxReadBytes, Cursors cursors, @Nullable String clientCursor) {
		this.log = log;
		this.position = position;
		this.maxReadBytes = maxReadBytes;
		this.cursors = cursors;
		this.clientCursor = clientCursor;
	}

	/**
	 * Start reading: the response's headers are set; the request goes async for at
	 * most the given time.
	 * @param async the request's async context
	 * @param response the response, possibly wrapped
	 * @throws IOException if the output cannot be obtained
	 */
	void start(AsyncContext async, ServletResponse response, long maxMillis) throws IOException {
		this.async = async;
		async.setTimeout(maxMillis);
		async.addListener(this);
		this.log.follow(this);
		read();
		while (response instanceof ServletResponseWrapper wrapper) {
			response = wrapper.getResponse();
		}
		ServletOutputStream output = response.getOutputStream();
		this.output = output;
		this.stream.start(List.of(), OutboundStream.NOTHING_REPLAYED);
		output.setWriteListener(this);
	}

	/**
	 * Read what the stream holds past this reader's position, while the writer has
	 * room, and queue it.
	 */
	private void read() {
		this.readLock.lock();
		try {
			while (!this.done) {
				Slice slice;
				try {
					slice = this.log.read(this.position, this.maxReadBytes);
				}
				catch (DurableStreamException ex) {
					finish();
					break;
				}
				if (!slice.isEmpty()) {
					this.stream.offer(SseFrames.data(slice));
				}
				// a close after the reader caught up is an empty slice, and still told
				if (!slice.isEmpty() || this.first || slice.closed()) {
					this.position = slice.next();
					this.stream.offer(SseFrames.control(Offsets.format(slice.next()), this.cursors.next(this.clientCursor),
							slice.upToDate(), slice.closed()));
				}
				this.first = false;
				if (slice.closed()) {
					finish();
				}
				if (slice.upToDate() || !this.stream.hasRoom()) {
					break;
				}
			}
		}
		finally {
			this.readLock.unlock();
		}
		this.stream.wake();
	}

	private void finish() {
		this.done = true;
		this.log.unfollow(this);
		this.stream.close();
	}

	@Override
	public void advanced() {
		read();
	}

	/**
	 * End the response now, dropping what is queued: the server shuts down, and the
	 * client reconnects from the offset of the last control event it got.
	 */
	@Override
	public void shutDown() {
		this.readLock.lock();
		try {
			this.done = true;
			this.log.unfollow(this);
		}
		finally {
			this.readLock.unlock();
		}
		this.stream.abort();
		complete();
	}

	@Override
	public boolean write(byte[] bytes) throws IOException {
		this.writeLock.lock();
		try {
			ServletOutputStream output = this.output;
			if (this.completed || output == null) {
				throw new IOException("Response ended");
			}
			output.write(bytes);
			if (!output.isReady()) {
				return false;
			}
			output.flush();
			return output.isReady();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void complete() {
		this.writeLock.lock();
		try {
			if (this.completed || this.async == null) {
				return;
			}
			this.completed = true;
			this.async.complete();
		}
		catch (IllegalStateException ex) {
			logger.debug(LogMessage.format("SSE read of '%s' already ended: %s", this.log.name(), ex));
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void onWritePossible() throws IOException {
		ServletOutputStream output = this.output;
		this.writeLock.lock();
		try {
			if (this.completed || output == null) {
				return;
			}
			output.flush();
			if (!output.isReady()) {
				return;
			}
		}
		finally {
			this.writeLock.unlock();
		}
		this.stream.writePossible();
	}

	/**
	 * The output failed: end the read, and complete the response a little later unless
	 * the container has ended it by then (Jetty reports a failed write to the write
	 * listener only, and leaves the response open).
	 */
	@Override
	public void onError(Throwable ex) {
		this.stream.transportFailed(ex);
		LATER.execute(this::complete);
	}

	@Override
	public void overflowed(OverflowPolicy policy) {
		logger.debug(LogMessage.format("SSE reader of '%s' overflowed", this.log.name()));
	}

	@Override
	public void written(int events, long waitedNanos) {
	}

	@Override
	public void writable() {
		if (!this.done) {
			read();
		}
	}

	@Override
	public void writeFailed(Exception ex) {
		logger.debug(LogMessage.format("SSE reader of '%s' gone: %s", this.log.name(), ex));
		shutDown();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		shutDown();
	}

	@Override
	public void onComplete(AsyncEvent event) {
		ended();
	}

	@Override
	public void onError(AsyncEvent event) {
		ended();
		this.stream.abort();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void ended() {
		this.writeLock.lock();
		try {
			this.completed = true;
		}
		finally {
			this.writeLock.unlock();
		}
		this.log.unfollow(this);
	}

}
