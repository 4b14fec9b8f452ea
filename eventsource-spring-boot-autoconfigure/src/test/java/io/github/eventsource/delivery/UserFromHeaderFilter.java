package io.github.eventsource.delivery;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a test request as the user its {@code X-User} header names.
 */
public final class UserFromHeaderFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String user = request.getHeader("X-User");
		chain.doFilter((user != null) ? new HttpServletRequestWrapper(request) {

			@Override
			public Principal getUserPrincipal() {
				return () -> user;
			}

		} : request, response);
	}

}
