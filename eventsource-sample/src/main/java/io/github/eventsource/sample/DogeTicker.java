package io.github.eventsource.sample;

import java.util.UUID;

import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends every stream of {@code /}, every {@code sample.doge.interval} (5 seconds by
 * default), a {@code doge} event followed by a nameless one, as the seed's "another
 * example" does.
 */
@Component
class DogeTicker {

	private final EventSourceTemplate template;

	DogeTicker(EventSourceTemplate template) {
		this.template = template;
	}

	@Scheduled(fixedRateString = "${sample.doge.interval:5s}", initialDelayString = "${sample.doge.interval:5s}")
	void tick() {
		this.template.broadcast("/", EventSourceEvent.of("doge", "Wow much alive\nSuch message", UUID.randomUUID()));
		this.template.broadcast("/", EventSourceEvent.of(null, "Wow much nameless", UUID.randomUUID()));
	}

}
