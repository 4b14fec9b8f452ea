/**
 * Sessions, events, their wire format and the non-blocking outbound stream of each session.
 */
@NullMarked
package io.github.eventsource.core;

import org.jspecify.annotations.NullMarked;
