package io.github.eventsource.benchmark.server.webflux;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventsource.benchmark.server.Broadcaster;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every stream is the one multicast sink, after an empty comment, with the headers the
 * starter sends; a subscriber too slow for the sink misses events instead of holding the
 * others back. Streams on {@code /stall} share a second sink, sent only the flood; each
 * room of {@code /rooms/{room}} has a sink of its own, in a map by room, sent only the
 * posts to that room.
 */
@RestController
class SinkController implements Broadcaster {

	private final Sinks.Many<ServerSentEvent<String>> sink = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<ServerSentEvent<String>> stalled = Sinks.many().multicast().directBestEffort();

	private final Map<String, Sinks.Many<ServerSentEvent<String>>> rooms = new ConcurrentHashMap<>();

	@GetMapping(path = "/sse", produces = "text/event-stream;charset=UTF-8")
	Flux<ServerSentEvent<String>> stream(ServerHttpResponse response) {
		return open(response, this.sink);
	}

	@GetMapping(path = "/stall", produces = "text/event-stream;charset=UTF-8")
	Flux<ServerSentEvent<String>> stall(ServerHttpResponse response) {
		return open(response, this.stalled);
	}

	@GetMapping(path = "/rooms/{room}", produces = "text/event-stream;charset=UTF-8")
	Flux<ServerSentEvent<String>> room(@PathVariable String room, ServerHttpResponse response) {
		return open(response, this.rooms.computeIfAbsent(room, (name) -> Sinks.many().multicast().directBestEffort()));
	}

	private static Flux<ServerSentEvent<String>> open(ServerHttpResponse response,
			Sinks.Many<ServerSentEvent<String>> sink) {
		response.getHeaders().setCacheControl("no-cache");
		response.getHeaders().set("X-Accel-Buffering", "no");
		return sink.asFlux().startWith(ServerSentEvent.<String>builder().comment("").build());
	}

	@Override
	public void broadcast(long id, String data) {
		// a space after each field's colon, as the starter writes it: the same bytes on the wire
		this.sink.tryEmitNext(ServerSentEvent.builder(" " + data).id(" " + id).build());
	}

	@Override
	public void flood(long id, String data) {
		this.stalled.tryEmitNext(ServerSentEvent.builder(" " + data).id(" " + id).build());
	}

	/**
	 * Emit to the room's sink. A sink takes one emission at a time and fails a concurrent
	 * one with {@code FAIL_NON_SERIALIZED}; the benchmark posts to a room from one thread
	 * at a time, but an application's posts to a room come from any thread, so the post
	 * is retried until it is the sink's turn, as such an application must.
	 */
	@Override
	public void post(String room, long id, String data) {
		Sinks.Many<ServerSentEvent<String>> sink = this.rooms.get(room);
		if (sink != null) {
			ServerSentEvent<String> event = ServerSentEvent.builder(" " + data).id(" " + id).build();
			while (sink.tryEmitNext(event) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
				Thread.onSpinWait();
			}
		}
	}

	@Override
	public int subscribers() {
		return this.sink.currentSubscriberCount() + this.stalled.currentSubscriberCount()
				+ this.rooms.values().stream().mapToInt(Sinks.Many::currentSubscriberCount).sum();
	}

}
