package io.github.eventsource.proxy;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.delivery.RawSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a stream on a bare socket, as a browser that accepts gzip, and checks that each
 * event arrives on its own, uncompressed, while the stream stays open.
 */
final class StreamFlushing {

	private StreamFlushing() {
	}

	/**
	 * Open a stream and check that both the first event and a later broadcast arrive
	 * readable and unbuffered.
	 * @return the response headers and the events received
	 */
	static String assertEveryEventFlushed(int port, EventSourceTemplate template) throws Exception {
		try (RawSocket socket = RawSocket.open(port, StreamingEndpoints.TICKS, "Accept-Encoding", "gzip, deflate, br",
				"Accept", "text/event-stream")) {
			String received = socket.readUntil("data: first\n\n");
			for (int i = 0; i < 3; i++) {
				EventSourceEvent tick = EventSourceEvent.of("tick " + i);
				assertThat(template.broadcast(StreamingEndpoints.TICKS, tick).localStreams()).isOne();
				received += socket.readUntil("data: tick " + i + "\n\n");
			}
			assertThat(received).doesNotContainIgnoringCase("Content-Encoding: gzip")
				.doesNotContainIgnoringCase("ETag");
			return received;
		}
	}

}
