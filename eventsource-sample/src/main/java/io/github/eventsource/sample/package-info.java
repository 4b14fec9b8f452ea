/**
 * The sample application: the examples of tornado-eventsource, a chat room, a secured
 * endpoint and the pages that show them.
 */
@NullMarked
package io.github.eventsource.sample;

import org.jspecify.annotations.NullMarked;
