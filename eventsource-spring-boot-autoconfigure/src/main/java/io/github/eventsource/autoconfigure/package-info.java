/**
 * Auto-configuration and configuration properties for Server-Sent Events endpoints.
 */
@NullMarked
package io.github.eventsource.autoconfigure;

import org.jspecify.annotations.NullMarked;
