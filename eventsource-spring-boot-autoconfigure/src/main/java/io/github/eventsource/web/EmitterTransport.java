package io.github.eventsource.web;

import java.io.IOException;

import io.github.eventsource.core.OutboundStream;

/**
 * Writes already encoded frames through the {@link EndpointEmitter} of a stream, which
 * writes them as they are and flushes after each write.
 */
final class EmitterTransport implements OutboundStream.Transport {

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
		this.emitter.complete();
	}

	@Override
	public void fail(Exception cause) {
		this.emitter.completeWithError(cause);
	}

}
