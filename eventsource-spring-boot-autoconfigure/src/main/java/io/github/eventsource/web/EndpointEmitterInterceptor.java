package io.github.eventsource.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Tells the emitter of a stream that Spring MVC has initialized it, once the request
 * that opened the stream went async, so that the stream starts writing to the container's
 * non-blocking output.
 *
 * @since 0.1.0
 */
public final class EndpointEmitterInterceptor implements AsyncHandlerInterceptor {

	private static final Log logger = LogFactory.getLog(EndpointEmitterInterceptor.class);

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		EndpointEmitter emitter = EndpointEmitter.of(request);
		if (emitter == null) {
			return;
		}
		try {
			emitter.initialized(response);
		}
		catch (IOException | IllegalStateException ex) {
			logger.debug(LogMessage.format("Client of stream at %s is gone: %s", request.getRequestURI(), ex));
			emitter.onError(ex);
		}
	}

}
