package io.github.eventsource.benchmark.server.mvc;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.benchmark.server.Broadcaster;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The hand-written {@code SseEmitter} controller: a list of emitters and a loop that
 * sends each event, built once, to each, removing those that fail or complete. It sets the headers an SSE
 * endpoint should (no caching, no proxy buffering), as the starter does. Streams on
 * {@code /stall} are a second list, sent only the flood; each room of
 * {@code /rooms/{room}} has a list of its own, in a map by room, sent only the posts to
 * that room.
 */
@RestController
class EmitterController implements Broadcaster {

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final List<SseEmitter> stalled = new CopyOnWriteArrayList<>();

	private final Map<String, List<SseEmitter>> rooms = new ConcurrentHashMap<>();

	@GetMapping(path = "/sse", produces = "text/event-stream;charset=UTF-8")
	SseEmitter stream(HttpServletResponse response) throws IOException {
		return open(response, this.emitters);
	}

	@GetMapping(path = "/stall", produces = "text/event-stream;charset=UTF-8")
	SseEmitter stall(HttpServletResponse response) throws IOException {
		return open(response, this.stalled);
	}

	@GetMapping(path = "/rooms/{room}", produces = "text/event-stream;charset=UTF-8")
	SseEmitter room(@PathVariable String room, HttpServletResponse response) throws IOException {
		return open(response, this.rooms.computeIfAbsent(room, (name) -> new CopyOnWriteArrayList<>()));
	}

	private static SseEmitter open(HttpServletResponse response, List<SseEmitter> emitters) throws IOException {
		response.setContentType("text/event-stream;charset=UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		SseEmitter emitter = new SseEmitter(0L);
		emitters.add(emitter);
		emitter.onCompletion(() -> emitters.remove(emitter));
		emitter.onError((ex) -> emitters.remove(emitter));
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
		send(this.emitters, id, data);
	}

	@Override
	public void flood(long id, String data) {
		send(this.stalled, id, data);
	}

	@Override
	public void post(String room, long id, String data) {
		send(this.rooms.getOrDefault(room, List.of()), id, data);
	}

	private static void send(List<SseEmitter> emitters, long id, String data) {
		// a space after each field's colon, as the starter writes it: the same bytes on the wire
		Set<ResponseBodyEmitter.DataWithMediaType> event = Collections
			.unmodifiableSet(SseEmitter.event().id(" " + id).data(" " + data).build());
		for (SseEmitter emitter : emitters) {
			try {
				emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				emitters.remove(emitter);
			}
		}
	}

	@Override
	public int subscribers() {
		return this.emitters.size() + this.stalled.size()
				+ this.rooms.values().stream().mapToInt(List::size).sum();
	}

}
