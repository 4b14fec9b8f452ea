package io.github.eventsource.benchmark.server.mvc;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.benchmark.server.Broadcaster;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The hand-written {@code SseEmitter} controller: a list of emitters and a loop that
 * sends each event, built once, to each, removing those that fail or complete. It sets the headers an SSE
 * endpoint should (no caching, no proxy buffering), as the starter does.
 */
@RestController
class EmitterController implements Broadcaster {

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	@GetMapping(path = "/sse", produces = "text/event-stream;charset=UTF-8")
	SseEmitter stream(HttpServletResponse response) throws IOException {
		response.setContentType("text/event-stream;charset=UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		SseEmitter emitter = new SseEmitter(0L);
		this.emitters.add(emitter);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		emitter.send(SseEmitter.event().comment(""));
		return emitter;
	}

	/**
	 * Send one event to every emitter. {@link SseEmitter.SseEventBuilder#build()} is not
	 * idempotent (each call appends a line end and one more part), so the event is built
	 * once per broadcast and the parts it built are sent to each emitter:
	 * {@code SseEmitter.send(builder)} is {@code send(builder.build())}, so each emitter
	 * writes what a fresh {@code SseEmitter.event()} would.
	 */
	@Override
	public void broadcast(long id, String data) {
		// a space after each field's colon, as the starter writes it: the same bytes on the wire
		Set<ResponseBodyEmitter.DataWithMediaType> event = Collections
			.unmodifiableSet(SseEmitter.event().id(" " + id).data(" " + data).build());
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		}
	}

	@Override
	public int subscribers() {
		return this.emitters.size();
	}

}
