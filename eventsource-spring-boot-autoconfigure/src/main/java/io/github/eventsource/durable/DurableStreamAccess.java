package io.github.eventsource.durable;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether an HTTP request may do an operation on a durable stream: the hook of
 * an application, in the style of {@code @CheckConnection}, that runs after Spring
 * Security's filters and before the stream is touched. A refused request is answered
 * {@code 403 Forbidden} ({@code 401 Unauthorized} when it carries no principal), and
 * nothing is created, written, deleted or read.
 * <p>
 * Define a bean of this type to replace the default, which lets anyone read and only
 * authenticated requests (those with a {@link HttpServletRequest#getUserPrincipal()
 * principal}) write, unless {@code eventsource.durable-streams.anonymous-writes} is set:
 * a server that takes writes from anyone lets anyone fill its memory up to the bounds
 * of {@code eventsource.durable-streams.*}.
 * <p>
 * Called on the request's thread, for every request, so it should be quick.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DurableStreamAccess {

	/**
	 * Return whether the request may do the operation on the stream.
	 * @param operation what the request does
	 * @param stream the stream's name: its path below the base path, without a leading
	 * slash
	 * @param request the request
	 * @return whether it may
	 */
	boolean allows(DurableStreamOperation operation, String stream, HttpServletRequest request);

}
