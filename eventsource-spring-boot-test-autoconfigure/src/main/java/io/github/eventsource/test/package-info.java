/**
 * Test support: {@link io.github.eventsource.test.AutoConfigureEventSourceTestClient} and {@link io.github.eventsource.test.EventSourceTestClient}.
 */
@NullMarked
package io.github.eventsource.test;

import org.jspecify.annotations.NullMarked;
