package io.github.eventsource.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The {@link SseEmitter} of a stream, which writes already encoded frames and flushes
 * the servlet response's output stream after each write.
 * <p>
 * Spring MVC flushes an emitter's writes with {@code flushBuffer()}, which response
 * wrappers that cache content swallow, even once caching was disabled for the stream, as
 * {@code ShallowEtagHeaderFilter}'s does: the events would wait in the container's
 * buffer. Flushing the output stream as well reaches the client through such wrappers.
 * The output stream is touched only once Spring MVC has
 * {@link #initialized(ServletRequest) initialized} the emitter, and under the emitter's
 * write lock, so never concurrently with Spring MVC's own writes or completion.
 * <p>
 * Once initialized, frames are written straight to the response's output stream: they are
 * already encoded, and Spring MVC's path (a message converter looked up and the headers
 * offered on every write) costs more than the write itself when one event goes to
 * thousands of streams. The output stream is the one Spring MVC writes to; for an async
 * request it refuses writes once the request completed or failed, with an
 * {@link IOException}. Before initialization, frames take Spring MVC's path, which keeps
 * them until the response is ready.
 */
final class EndpointEmitter extends SseEmitter {

	private static final String ATTRIBUTE = EndpointEmitter.class.getName();

	private final HttpServletResponse response;

	private @Nullable AsyncContext asyncContext;

	private @Nullable ServletOutputStream output;

	private boolean completed;

	private boolean completedDirectly;

	EndpointEmitter(long timeout, HttpServletResponse response) {
		super(timeout);
		this.response = response;
	}

	/**
	 * Remember the emitter of a stream in its request.
	 * @param request the request that opened the stream
	 */
	void bindTo(ServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
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
	 * Spring MVC initialized the emitter and wrote what was sent before: flush it, and
	 * write every later frame to the output stream directly.
	 * @param request the request of the stream, in async mode
	 * @throws IOException if the client is gone
	 */
	void initialized(ServletRequest request) throws IOException {
		this.writeLock.lock();
		try {
			this.asyncContext = request.getAsyncContext();
			ServletOutputStream output = this.response.getOutputStream();
			this.output = output;
			output.flush();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Write and flush encoded frames.
	 * @param frames the bytes
	 * @throws IOException if the client is gone
	 */
	void sendFrames(byte[] frames) throws IOException {
		this.writeLock.lock();
		try {
			ServletOutputStream output = this.output;
			if (output == null) {
				send(Set.of(new DataWithMediaType(frames, MediaType.TEXT_EVENT_STREAM)));
				return;
			}
			if (this.completed) {
				throw new IOException("Response already completed");
			}
			output.write(frames);
			output.flush();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void complete() {
		this.writeLock.lock();
		try {
			if (this.completedDirectly) {
				return;
			}
			this.completed = true;
			super.complete();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void completeWithError(Throwable ex) {
		this.writeLock.lock();
		try {
			if (this.completedDirectly) {
				return;
			}
			this.completed = true;
			super.completeWithError(ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Complete the response without dispatching the request back to Spring MVC, for
	 * shutdown: the container completes the async request and runs the completion
	 * callbacks, which costs a fraction of Spring MVC's dispatch through the filters and
	 * the {@code DispatcherServlet}. An emitter not initialized yet completes as usual.
	 * @throws IllegalStateException if the request already completed or failed
	 */
	void completeDirectly() {
		this.writeLock.lock();
		try {
			AsyncContext asyncContext = this.asyncContext;
			if (asyncContext == null || this.completed) {
				complete();
				return;
			}
			this.completed = true;
			this.completedDirectly = true;
			asyncContext.complete();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Write the last encoded frames without flushing them and
	 * {@link #completeDirectly() complete the response directly}: the container sends
	 * them with the end of the response.
	 * @param frames the bytes
	 * @throws IOException if the client is gone
	 * @throws IllegalStateException if the request already completed or failed
	 */
	void completeDirectly(byte[] frames) throws IOException {
		this.writeLock.lock();
		try {
			ServletOutputStream output = this.output;
			if (output == null || this.completed) {
				sendFrames(frames);
			}
			else {
				output.write(frames);
			}
			completeDirectly();
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
