/**
 * Micrometer observations of Server-Sent Events streams and sends, with their
 * documentation and the conventions that name them and their key values.
 */
@NullMarked
package io.github.eventsource.observation;

import org.jspecify.annotations.NullMarked;
