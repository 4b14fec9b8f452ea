package io.github.eventsource.web;

import java.io.IOException;

import io.github.eventsource.core.OutboundStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Writes already encoded frames through the {@link EndpointEmitter} of a stream, which
 * writes them as they are and flushes after each write.
 */
final class EmitterTransport implements OutboundStream.Transport {

	private static final Log logger = LogFactory.getLog(EmitterTransport.class);

	private final EndpointEmitter emitter;

	EmitterTransport(EndpointEmitter emitter) {
		this.emitter = emitter;
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		this.emitter.sendFrames(bytes);
	}

	@Override
	public void complete() {
		try {
			this.emitter.complete();
		}
		catch (IllegalStateException ex) {
			ended(ex);
		}
	}

	/**
	 * Complete the async request directly, without Spring MVC's dispatch: on shutdown,
	 * when thousands of streams end at once.
	 */
	@Override
	public void completeOnShutdown() {
		try {
			this.emitter.completeDirectly();
		}
		catch (IllegalStateException ex) {
			ended(ex);
		}
	}

	/**
	 * Write the last frames unflushed and complete the async request directly: the
	 * container sends them with the end of the response.
	 */
	@Override
	public void completeOnShutdown(byte[] bytes) throws IOException {
		try {
			this.emitter.completeDirectly(bytes);
		}
		catch (IllegalStateException ex) {
			ended(ex);
		}
	}

	@Override
	public void fail(Exception cause) {
		try {
			this.emitter.completeWithError(cause);
		}
		catch (IllegalStateException ex) {
			ended(ex);
		}
	}

	/**
	 * The container refuses to complete a response whose async request already ended
	 * with an error (the client went away): there is nothing left to complete.
	 */
	private void ended(IllegalStateException ex) {
		logger.debug(LogMessage.format("Response of %s already ended: %s", this.emitter, ex.getMessage()));
	}

}
