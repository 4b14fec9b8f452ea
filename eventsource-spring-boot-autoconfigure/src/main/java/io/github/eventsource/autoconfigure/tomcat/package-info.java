/**
 * Lean connection buffers for embedded Tomcat.
 */
@NullMarked
package io.github.eventsource.autoconfigure.tomcat;

import org.jspecify.annotations.NullMarked;
