package io.github.eventsource.source;

import java.util.stream.Stream;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application with a {@code Stream} endpoint and nothing of Reactor: started by
 * {@link StreamWithoutReactorIntegrationTests} in a class loader that has neither Reactor
 * nor Reactive Streams.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StreamWithoutReactorApplication.Words.class)
public class StreamWithoutReactorApplication {

	@EventSourceEndpoint("/words")
	static class Words {

		@OnOpen(event = "word", completeEvent = "done")
		Stream<String> open() {
			return Stream.of("such", "stream", "wow");
		}

	}

}
