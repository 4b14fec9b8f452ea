package io.github.eventsource.web.internal;

import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The events a source's elements and its end become, as its {@link OnOpen @OnOpen}
 * declares them.
 *
 * @param event the name of the elements' events, or {@code null} for unnamed ones
 * @param completeEvent the name of the event sent when the source completes, or
 * {@code null} for none
 * @param errorEvent the name of the event sent when the source fails
 */
record SourceEvents(@Nullable String event, @Nullable String completeEvent, String errorEvent) {

	/**
	 * The data of the event sent when a source fails: the cause is logged, never sent.
	 */
	static final String FAILED = "stream failed";

	/**
	 * The events of an endpoint without {@code @OnOpen}.
	 */
	static final SourceEvents DEFAULT = new SourceEvents(null, null, "error");

	/**
	 * Return the events an {@code @OnOpen} declares.
	 * @param onOpen the annotation
	 * @return its events
	 */
	static SourceEvents of(OnOpen onOpen) {
		return new SourceEvents(emptyToNull(onOpen.event()), emptyToNull(onOpen.completeEvent()),
				StringUtils.hasLength(onOpen.errorEvent()) ? onOpen.errorEvent() : DEFAULT.errorEvent());
	}

	/**
	 * Return the event of one element: an {@link EventSourceEvent} as it is, named after
	 * {@link #event()} if it has no name; any other element as the data of such an event.
	 * @param element the element
	 * @return the event
	 */
	EventSourceEvent element(Object element) {
		if (element instanceof EventSourceEvent event) {
			return (event.name() != null || this.event == null) ? event
					: new EventSourceEvent(this.event, event.data(), event.id(), event.retry(), event.comment());
		}
		return EventSourceEvent.of(this.event, element);
	}

	/**
	 * Return the event sent when the source completes.
	 * @return the completion event, or {@code null} for none
	 */
	@Nullable EventSourceEvent completion() {
		return (this.completeEvent != null) ? EventSourceEvent.of(this.completeEvent, "") : null;
	}

	/**
	 * Return the event sent when the source fails.
	 * @return the error event
	 */
	EventSourceEvent failure() {
		return EventSourceEvent.of(this.errorEvent, FAILED);
	}

	private static @Nullable String emptyToNull(String name) {
		return StringUtils.hasLength(name) ? name : null;
	}

}
