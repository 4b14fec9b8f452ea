/**
 * Annotations that declare Server-Sent Events endpoints and their lifecycle methods.
 */
@NullMarked
package io.github.eventsource.annotation;

import org.jspecify.annotations.NullMarked;
