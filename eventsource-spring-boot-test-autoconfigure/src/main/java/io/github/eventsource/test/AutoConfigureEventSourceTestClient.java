package io.github.eventsource.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Annotation for a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} class that makes
 * an {@link EventSourceTestClient} injectable, bound to the port of the running server.
 * <p>
 * The auto-configurations it imports are listed in
 * {@code META-INF/spring/io.github.eventsource.test.AutoConfigureEventSourceTestClient.imports}.
 * Its attributes map to properties under {@code eventsource.test.client}, which may be
 * set as well in the test's properties.
 *
 * @since 0.1.0
 * @see EventSourceTestClientAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("eventsource.test.client")
public @interface AutoConfigureEventSourceTestClient {

	/**
	 * How long the awaits of an {@link EventSourceTestStream} without a timeout argument
	 * wait, such as {@code 500ms} or {@code 30s}; the property
	 * {@code eventsource.test.client.await-timeout}.
	 * @return the await timeout
	 */
	String awaitTimeout() default "10s";

}
