package io.github.eventsource.web;

import java.io.IOException;
import java.util.Set;

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
 * {@link #initialized() initialized} the emitter, and under the emitter's write lock, so
 * never concurrently with Spring MVC's own writes.
 */
final class EndpointEmitter extends SseEmitter {

	private static final String ATTRIBUTE = EndpointEmitter.class.getName();

	private final HttpServletResponse response;

	private boolean initialized;

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
	 * flush every later write.
	 * @throws IOException if the client is gone
	 */
	void initialized() throws IOException {
		this.writeLock.lock();
		try {
			this.initialized = true;
			this.response.getOutputStream().flush();
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
			send(Set.of(new DataWithMediaType(frames, MediaType.TEXT_EVENT_STREAM)));
			if (this.initialized) {
				this.response.getOutputStream().flush();
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
