package io.github.eventsource.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method called exactly once when a stream ends, whatever ended it: the
 * client going away, {@link io.github.eventsource.core.EventSourceSession#close()}, an error,
 * a timeout or shutdown.
 * <p>
 * Its request arguments are resolved when the stream opens, since the request is gone
 * by the time it closes. It runs on whichever thread noticed the end. At most one per
 * endpoint; an exception it throws is logged.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnClose {

}
