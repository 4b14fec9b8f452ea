package io.github.eventsource.web;

import java.io.IOException;
import java.util.Set;

import io.github.eventsource.core.OutboundStream;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes already encoded frames through an {@link SseEmitter}, which writes them as they
 * are and flushes after each write.
 */
final class EmitterTransport implements OutboundStream.Transport {

	private final SseEmitter emitter;

	EmitterTransport(SseEmitter emitter) {
		this.emitter = emitter;
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		this.emitter.send(Set.of(new DataWithMediaType(bytes, MediaType.TEXT_EVENT_STREAM)));
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
