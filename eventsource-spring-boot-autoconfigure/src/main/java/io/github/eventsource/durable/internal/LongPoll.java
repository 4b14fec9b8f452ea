package io.github.eventsource.durable.internal;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.eventsource.durable.DurableStreamException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * One long-poll read waiting for data: it follows its stream until an append, a close
 * or a delete reaches its position, or its time is up; then its response is set on the
 * {@link DeferredResult} Spring MVC sends. Never blocks a thread while it waits.
 */
final class LongPoll implements StoredStream.Follower {

	private final StoredStream log;

	private final long position;

	private final DeferredResult<ResponseEntity<byte[]>> result;

	private final Function<Slice, ResponseEntity<byte[]>> responder;

	private final long maxReadBytes;

	LongPoll(StoredStream log, long position, long maxReadBytes, long timeoutMillis,
			Function<Slice, ResponseEntity<byte[]>> responder, Supplier<ResponseEntity<byte[]>> timedOut) {
		this.maxReadBytes = maxReadBytes;
		this.log = log;
		this.position = position;
		this.responder = responder;
		this.result = new DeferredResult<>(timeoutMillis, timedOut);
		this.result.onCompletion(() -> log.unfollow(this));
	}

	/**
	 * Start waiting.
	 * @return the result Spring MVC sends once set
	 */
	DeferredResult<ResponseEntity<byte[]>> start() {
		this.log.follow(this);
		advanced();
		return this.result;
	}

	@Override
	public void advanced() {
		if (this.result.isSetOrExpired()) {
			return;
		}
		try {
			Slice slice = this.log.read(this.position, this.maxReadBytes);
			if (!slice.isEmpty() || slice.closed()) {
				this.result.setResult(this.responder.apply(slice));
			}
		}
		catch (DurableStreamException ex) {
			this.result.setResult(StreamHeaders.refusal(ex.getStatus(), ex.getMessage(), ex.getHeaders()));
		}
	}

	@Override
	public void shutDown() {
		this.result.setResult(StreamHeaders.refusal(503, "Shutting down", Map.of()));
	}

}
