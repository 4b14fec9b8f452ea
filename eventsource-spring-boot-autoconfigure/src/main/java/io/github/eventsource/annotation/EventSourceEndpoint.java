package io.github.eventsource.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a bean as a Server-Sent Events endpoint served at one or more path patterns.
 * <p>
 * Path patterns follow {@code @RequestMapping} ({@code "/rooms/{room}"}); each is mapped
 * for {@code GET} only. Methods annotated with {@link CheckConnection}, {@link OnOpen} and
 * {@link OnClose} take the arguments a Spring MVC controller method takes, plus the
 * {@link io.github.eventsource.core.EventSourceSession}.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface EventSourceEndpoint {

	/**
	 * Alias for {@link #path()}.
	 * @return the path patterns
	 */
	@AliasFor("path")
	String[] value() default {};

	/**
	 * Path patterns the endpoint is mapped to, as in {@code @RequestMapping}.
	 * @return the path patterns; at least one is required
	 */
	@AliasFor("value")
	String[] path() default {};

	/**
	 * Reconnection time sent as {@code retry:} when a stream opens, overriding
	 * {@code eventsource.retry}: a duration such as {@code "300ms"} or {@code "5s"}, or a
	 * plain number of milliseconds. Empty means the configured default.
	 * @return the reconnection time
	 */
	String retry() default "";

	/**
	 * Whether the endpoint's paths keep a replay history, assign ids to events sent
	 * without one, and replay missed events to a client that reconnects with a last
	 * event id, even when {@code eventsource.replay.enabled} is {@code false}. The
	 * history's bounds are the {@code eventsource.replay.*} properties.
	 * @return whether the endpoint replays missed events
	 */
	boolean replay() default false;

	/**
	 * Whether the source that {@link OnOpen @OnOpen} returns belongs to the concrete path
	 * rather than to one request: the first stream of a path starts a generation, and
	 * every stream that opens the path while it runs, or within
	 * {@code eventsource.resumable.retention} after it ended, gets what it missed
	 * (everything without a known last event id), then the live rest, then the end. The
	 * source is never started twice for one path at a time, and is cancelled once no
	 * stream listened for {@code eventsource.resumable.grace}. Each event of a generation
	 * gets an id unless it has one.
	 * <p>
	 * A generation is that of a concrete path with the request's query parameters (the
	 * last event id parameter aside): {@code /answers/x?prompt=a} and
	 * {@code /answers/x?prompt=b} are two generations. It belongs to the principal that
	 * started it: only streams of the same principal attach to it, unless
	 * {@link #shareGenerations()}. A generation started anonymously is attached to by any
	 * anonymous stream that knows its path and parameters, so put an unguessable id in
	 * the path of an anonymous answer.
	 * @return whether the endpoint's generations are resumable
	 */
	boolean resumable() default false;

	/**
	 * Whether the generations of a {@link #resumable() resumable} endpoint are shared by
	 * every client that opens the same path and parameters, whoever started them (for a
	 * broadcast everyone follows), rather than kept to the principal that started each.
	 * Applies only with {@code resumable = true}; the {@link CheckConnection} method
	 * still decides who may open the path.
	 * @return whether any client attaches to the generation of a path
	 */
	boolean shareGenerations() default false;

	/**
	 * Whether every stream of the endpoint's paths is told who else is connected to its
	 * concrete path, on every instance: a {@code presence} event with the snapshot as it
	 * opens, then a {@code joined} and a {@code left} event as streams of the path open
	 * and end; above {@code eventsource.presence.coalesce-above} streams, a
	 * {@code presence-count} event with the counts at most once per
	 * {@code eventsource.presence.coalesce-interval} instead. Members are known by an
	 * opaque id, never their session id. Presence events have no id and are never
	 * replayed; their names are the {@code eventsource.presence.*-event} properties.
	 * @return whether the endpoint's streams get presence events
	 */
	boolean presence() default false;

}
