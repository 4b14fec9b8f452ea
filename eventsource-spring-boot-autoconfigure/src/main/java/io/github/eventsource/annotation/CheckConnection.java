package io.github.eventsource.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that decides, before a stream opens, whether a request may open it.
 * <p>
 * It may return {@code boolean} ({@code false} answers {@code 403 Forbidden}), throw a
 * {@link org.springframework.web.server.ResponseStatusException} (its status and reason
 * are the answer), or call {@link io.github.eventsource.core.EventSourceSession#error(int, String)}.
 * A refused request never opens a stream and never reaches {@link OnOpen} or
 * {@link OnClose}. The method runs on the request thread and may add response headers
 * through an {@code HttpServletResponse} argument. At most one per endpoint.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CheckConnection {

}
