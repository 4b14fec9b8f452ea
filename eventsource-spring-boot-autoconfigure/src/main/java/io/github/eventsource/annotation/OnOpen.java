package io.github.eventsource.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method called once a stream is open, on the request thread, with the
 * request's arguments resolved as for a Spring MVC controller method. At most one per
 * endpoint; an exception it throws is logged and closes that stream only.
 * <p>
 * The method returns {@code void}, or a source whose elements become the stream's
 * events: an {@code org.reactivestreams.Publisher} (such as a {@code Flux}), a
 * {@link java.util.concurrent.Flow.Publisher}, or a {@link java.util.stream.Stream}. An
 * {@link io.github.eventsource.core.EventSourceEvent} element is sent as it is, a
 * {@code String} as text, any other object as JSON; events without a name get
 * {@link #event()}. The source is asked for one element at a time, as the stream's
 * buffer has room, so that a slow client slows the source. When the source completes,
 * the {@link #completeEvent()} is sent and the stream ends; when it fails, the
 * {@link #errorEvent()} is sent with data {@code "stream failed"}, the cause is logged,
 * and the stream ends. When the stream ends first, the source is cancelled (a
 * {@code Stream} closed). A {@code Stream} is iterated on a thread of its own while it
 * has demand, as it may block; prefer a publisher for sources that wait.
 * <p>
 * For a {@link EventSourceEndpoint#resumable() resumable} endpoint the method is called
 * once per generation, by the stream that starts it, and must return a source.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnOpen {

	/**
	 * Name of the events that the elements of a returned source become, unless an
	 * element is an {@link io.github.eventsource.core.EventSourceEvent} with a name of its
	 * own. Empty sends unnamed events, which a browser dispatches as {@code message}.
	 * @return the event name of the source's elements
	 */
	String event() default "";

	/**
	 * Name of the event, with empty data, sent when a returned source completes, just
	 * before the stream ends. Empty sends none.
	 * @return the name of the completion event
	 */
	String completeEvent() default "";

	/**
	 * Name of the event sent when a returned source fails, just before the stream ends.
	 * Its data is {@code "stream failed"}: the cause is logged, never sent.
	 * @return the name of the error event
	 */
	String errorEvent() default "error";

}
