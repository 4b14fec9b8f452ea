/**
 * What the three servers share: the ticker, the control endpoints and how a server starts.
 */
@NullMarked
package io.github.eventsource.benchmark.server;

import org.jspecify.annotations.NullMarked;
