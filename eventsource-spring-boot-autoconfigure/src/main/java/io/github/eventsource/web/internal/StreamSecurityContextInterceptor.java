package io.github.eventsource.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Keeps the Spring Security context that authorized a stream in its request, so that the
 * async dispatches that complete the stream are authorized as the request that opened it,
 * even once the HTTP session it came from has ended. Without it a typical
 * {@code anyRequest().authenticated()} filter chain denies the final dispatch of a stream
 * whose session expired, on a response that is long committed.
 * <p>
 * Applies to Server-Sent Events endpoints only, and only when the application's
 * {@code SecurityContextRepository} reads request attributes, as Spring Security's default
 * does.
 */
public final class StreamSecurityContextInterceptor implements AsyncHandlerInterceptor {

	private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		SecurityContext context = SecurityContextHolder.getContext();
		if (EndpointRequestHandler.isEndpoint(handler) && context.getAuthentication() != null) {
			this.repository.saveContext(context, request, response);
		}
	}

}
