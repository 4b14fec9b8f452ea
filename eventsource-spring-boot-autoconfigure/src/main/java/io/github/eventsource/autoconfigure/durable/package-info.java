/**
 * Auto-configuration of the Durable Streams server.
 */
@NullMarked
package io.github.eventsource.autoconfigure.durable;

import org.jspecify.annotations.NullMarked;
