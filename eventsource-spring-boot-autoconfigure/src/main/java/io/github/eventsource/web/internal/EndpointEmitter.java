package io.github.eventsource.web.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.github.eventsource.core.StreamOutcome;
import io.github.eventsource.core.internal.OutboundStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The {@link SseEmitter} of a stream and its non-blocking transport: frames, already
 * encoded, are written to the container's output stream in non-blocking mode
 * ({@link ServletOutputStream#setWriteListener(WriteListener)}), and flushed after each
 * write.
 * <p>
 * Spring MVC starts the async request and owns its completion, so that the end of a
 * stream reaches its interceptors and filters as for any async request; it writes
 * nothing of its own. Once it has {@link #initialized(ServletResponse) initialized} the
 * emitter, the container calls {@link #onWritePossible()} and the stream starts writing.
 * Frames go to the container's own output stream, past any response wrapper: a wrapper
 * that buffers or transforms the body (a content cache, an ETag or compression filter)
 * would hold the events back. A lock makes every write and the container's end of the
 * request exclusive: once the container has ended the request (and may recycle the
 * response for another one), no write reaches it.
 */
final class EndpointEmitter extends SseEmitter implements OutboundStream.Transport, WriteListener {

	private static final String ATTRIBUTE = EndpointEmitter.class.getName();

	private static final Log logger = LogFactory.getLog(EndpointEmitter.class);

	private static final Executor LATER = CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS);

	private @Nullable OutboundStream stream;

	private volatile @Nullable ServletOutputStream output;

	private final ReentrantLock lock = new ReentrantLock();

	private boolean unflushed;


	private boolean ended;

	EndpointEmitter(long timeout) {
		super(timeout);
	}

	/**
	 * Remember the emitter of a stream in its request.
	 * @param request the request that opened the stream
	 * @param stream the stream the emitter writes
	 */
	void bind(ServletRequest request, OutboundStream stream) {
		this.stream = stream;
		request.setAttribute(ATTRIBUTE, this);
	}

	/**
	 * Call the given action once the container ends the async request, whatever ends it
	 * (completion, error, timeout); from then on the emitter never touches the response
	 * again, as the container may recycle it for another request. A timed-out request is
	 * completed first.
	 * A request the container ended otherwise than on time ends a stream that had not
	 * ended already because its client went away.
	 * @param action receives how the stream ends
	 */
	void onEnd(Consumer<StreamOutcome> action) {
		onCompletion(() -> {
			end();
			action.accept(StreamOutcome.CLIENT_GONE);
		});
		onError((ex) -> {
			logger.debug(LogMessage.format("Request of stream ended with an error: %s", ex));
			end();
			action.accept(StreamOutcome.CLIENT_GONE);
		});
		onTimeout(() -> {
			complete();
			end();
			action.accept(StreamOutcome.TIMEOUT);
		});
	}

	/**
	 * The container ended the request: wait for a write in progress, and refuse every
	 * later one, as the container recycles the response once its callbacks returned.
	 */
	private void end() {
		this.lock.lock();
		try {
			this.ended = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the emitter of a stream's request.
	 * @param request the request
	 * @return its emitter, or {@code null} if the request opened no stream
	 */
	static @Nullable EndpointEmitter of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof EndpointEmitter emitter) ? emitter : null;
	}

	/**
	 * Spring MVC initialized the emitter and the request is async: switch the output to
	 * non-blocking mode; the container then calls {@link #onWritePossible()}.
	 * @param response the response of the stream
	 * @throws IOException if the output stream cannot be obtained
	 */
	void initialized(ServletResponse response) throws IOException {
		while (response instanceof ServletResponseWrapper wrapper) {
			response = wrapper.getResponse();
		}
		ServletOutputStream output = response.getOutputStream();
		this.output = output;
		output.setWriteListener(this);
	}

	@Override
	public boolean write(byte[] bytes) throws IOException {
		ServletOutputStream output = this.output;
		Assert.state(output != null, "Not initialized");
		this.lock.lock();
		try {
			if (this.ended) {
				throw new IOException("Response ended");
			}
			output.write(bytes);
			return flush(output);
		}
		catch (IOException ex) {
			completeUnlessEnded();
			throw ex;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Flush what the container buffered, if it can take bytes now; else remember to, once
	 * it calls {@link #onWritePossible()}: what a write left in the response buffer would
	 * otherwise wait there. Called under the lock.
	 */
	private boolean flush(ServletOutputStream output) throws IOException {
		if (!output.isReady()) {
			this.unflushed = true;
			return false;
		}
		this.unflushed = false;
		output.flush();
		return output.isReady();
	}

	@Override
	public void onWritePossible() throws IOException {
		ServletOutputStream output = this.output;
		this.lock.lock();
		try {
			if (this.ended || (this.unflushed && output != null && !flush(output))) {
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		stream().writePossible();
	}

	/**
	 * A write failed after the output took it (the client went away): end the stream,
	 * and the response unless the container does. Tomcat then reports the failure to the
	 * request's async listeners, which end it; Jetty reports it to the write listener
	 * only (jakartaee/servlet issue 433), and the response is completed here.
	 */
	@Override
	public void onError(Throwable ex) {
		logger.debug(LogMessage.format("Output of stream failed: %s", ex));
		stream().transportFailed(ex);
		completeUnlessEnded();
	}

	/**
	 * The output failed: the container goes on to end the request (Tomcat does, at once),
	 * or leaves that to the application (Jetty, now and then, for an HTTP/2 stream its
	 * client reset), and then it would stay open. Complete it a little later, unless the
	 * container has ended it by then; completing at once would race the container's own
	 * error handling.
	 */
	private void completeUnlessEnded() {
		LATER.execute(this::complete);
	}

	@Override
	public void complete() {
		this.lock.lock();
		try {
			if (this.ended) {
				return;
			}
			super.complete();
		}
		catch (RuntimeException ex) {
			ended(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private OutboundStream stream() {
		OutboundStream stream = this.stream;
		Assert.state(stream != null, "Not bound");
		return stream;
	}

	/**
	 * The container refuses to complete a response whose async request already ended,
	 * or was recycled after the client went away: there is nothing left to complete.
	 */
	private void ended(RuntimeException ex) {
		logger.debug(LogMessage.format("Response of %s already ended: %s", this, ex));
	}

}
