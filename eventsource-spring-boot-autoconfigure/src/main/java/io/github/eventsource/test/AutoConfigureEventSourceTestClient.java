package io.github.eventsource.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Annotation for a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} class that makes
 * an {@link EventSourceTestClient} injectable, bound to the port of the running server.
 * <p>
 * The auto-configurations it imports are listed in
 * {@code META-INF/spring/io.github.eventsource.test.AutoConfigureEventSourceTestClient.imports}.
 *
 * @since 0.1.0
 * @see EventSourceTestClientAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEventSourceTestClient {

}
