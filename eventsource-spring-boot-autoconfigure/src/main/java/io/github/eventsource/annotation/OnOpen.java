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
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnOpen {

}
