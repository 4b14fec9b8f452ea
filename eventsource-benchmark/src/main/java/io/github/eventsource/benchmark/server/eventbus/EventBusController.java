package io.github.eventsource.benchmark.server.eventbus;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

import ch.rasc.sse.eventbus.SseEvent;
import ch.rasc.sse.eventbus.SseEventBus;
import io.github.eventsource.benchmark.server.Broadcaster;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Each stream is a client of the bus with an id of its own, subscribed to the default
 * event, as sse-eventbus's README registers clients; broadcasts are
 * {@link SseEventBus#handleEvent(SseEvent)}. The empty comment on open is sent on the
 * emitter the bus created. Streams on {@code /stall} subscribe to the {@code stall}
 * event, which only the flood sends; streams on {@code /rooms/{room}} subscribe to the
 * event named after their room, which only the posts to that room send. The bus writes
 * an event's name on the wire unless it is the default one, so the flood's and the
 * rooms' events carry an {@code event:} line the other servers do not send.
 */
@RestController
class EventBusController implements Broadcaster {

	/** The event the streams on {@code /stall} subscribe to, which only the flood sends. */
	static final String STALL_EVENT = "stall";

	private final SseEventBus eventBus;

	EventBusController(SseEventBus eventBus) {
		this.eventBus = eventBus;
	}

	@GetMapping(path = "/sse", produces = "text/event-stream;charset=UTF-8")
	SseEmitter stream(HttpServletResponse response) throws IOException {
		return open(response, SseEvent.DEFAULT_EVENT);
	}

	@GetMapping(path = "/stall", produces = "text/event-stream;charset=UTF-8")
	SseEmitter stall(HttpServletResponse response) throws IOException {
		return open(response, STALL_EVENT);
	}

	@GetMapping(path = "/rooms/{room}", produces = "text/event-stream;charset=UTF-8")
	SseEmitter room(@PathVariable String room, HttpServletResponse response) throws IOException {
		return open(response, room);
	}

	private SseEmitter open(HttpServletResponse response, String event) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		SseEmitter emitter = this.eventBus.createSseEmitter(UUID.randomUUID().toString(), 0L, event);
		emitter.send(SseEmitter.event().comment(""));
		return emitter;
	}

	@Override
	public void broadcast(long id, String data) {
		// a space after each field's colon, as the starter writes it: the same bytes on the wire
		this.eventBus.handleEvent(SseEvent.builder().id(" " + id).data(" " + data).build());
	}

	@Override
	public void flood(long id, String data) {
		this.eventBus.handleEvent(SseEvent.builder().event(STALL_EVENT).id(" " + id).data(" " + data).build());
	}

	@Override
	public void post(String room, long id, String data) {
		this.eventBus.handleEvent(SseEvent.builder().event(room).id(" " + id).data(" " + data).build());
	}

	/**
	 * Return the subscriptions of every event: each stream subscribes to one.
	 */
	@Override
	public int subscribers() {
		return this.eventBus.getAllSubscriptions().values().stream().mapToInt(Set::size).sum();
	}

}
