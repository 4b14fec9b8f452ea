/**
 * Spring Security integration of Server-Sent Events endpoints.
 */
@NullMarked
package io.github.eventsource.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
