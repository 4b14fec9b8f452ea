package io.github.eventsource.benchmark.server.starter;

import io.github.eventsource.benchmark.server.BenchmarkServer;
import io.github.eventsource.benchmark.server.Broadcaster;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.SessionRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The benchmark server built on the starter: {@link SseStream} at {@code /sse},
 * {@link StallStream} at {@code /stall}, {@link RoomStream} at {@code /rooms/{room}},
 * and broadcasts through {@link EventSourceTemplate} to the concrete path.
 */
@SpringBootApplication
@Import(BenchmarkServer.class)
public class StarterServer {

	@Bean
	Broadcaster starterBroadcaster(EventSourceTemplate template, SessionRegistry sessions) {
		return new Broadcaster() {

			@Override
			public void broadcast(long id, String data) {
				template.broadcast("/sse", EventSourceEvent.builder().id(id).data(data).build());
			}

			@Override
			public void flood(long id, String data) {
				template.broadcast("/stall", EventSourceEvent.builder().id(id).data(data).build());
			}

			@Override
			public void post(String room, long id, String data) {
				template.broadcast("/rooms/" + room, EventSourceEvent.builder().id(id).data(data).build());
			}

			@Override
			public int subscribers() {
				return sessions.size();
			}

		};
	}

	/**
	 * Start the server.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		BenchmarkServer.run(StarterServer.class, WebApplicationType.SERVLET, args);
	}

}
