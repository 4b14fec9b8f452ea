/**
 * The Actuator endpoint that reports open Server-Sent Events streams.
 */
@NullMarked
package io.github.eventsource.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
