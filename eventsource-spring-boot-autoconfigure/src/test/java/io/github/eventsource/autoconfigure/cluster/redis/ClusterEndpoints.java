package io.github.eventsource.autoconfigure.cluster.redis;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The application of the cluster tests: {@code /feed/{name}} joins the groups named in
 * the {@code group} parameter and sends its session id as a {@code hello} event on open;
 * the {@code X-User} header authenticates a request as that user.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ClusterEndpoints.Feed.class)
class ClusterEndpoints {

	@Bean
	OncePerRequestFilter userFromHeaderFilter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				String user = request.getHeader("X-User");
				chain.doFilter((user != null) ? new UserRequest(request, user) : request, response);
			}

		};
	}

	@EventSourceEndpoint("/feed/{name}")
	static class Feed {

		@OnOpen
		void open(EventSourceSession session, @RequestParam(required = false) List<String> group) {
			if (group != null) {
				group.forEach(session::join);
			}
			session.send("hello", session.getId());
		}

	}

	private static final class UserRequest extends HttpServletRequestWrapper {

		private final String user;

		UserRequest(HttpServletRequest request, String user) {
			super(request);
			this.user = user;
		}

		@Override
		public Principal getUserPrincipal() {
			return () -> this.user;
		}

	}

}
