package io.github.eventsource.security;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Endpoints behind a typical {@link SecurityFilterChain}: everything needs a login (form
 * or HTTP basic) except {@code /token-feed}, whose {@code @CheckConnection} checks a
 * short-lived token in a query parameter instead.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SecuredEndpoints.Feed.class, SecuredEndpoints.TokenFeed.class, SecuredEndpoints.Tokens.class })
class SecuredEndpoints {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/token-feed").permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic(Customizer.withDefaults())
			.formLogin(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/login"))
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").build(),
				User.withUsername("alice").password("{noop}wonderland").build());
	}

	/**
	 * A feed that greets the authenticated user and remembers what the lifecycle methods
	 * were given.
	 */
	@EventSourceEndpoint("/feed")
	static class Feed {

		final List<String> checked = new CopyOnWriteArrayList<>();

		final Map<String, EventSourceSession> sessions = new ConcurrentHashMap<>();

		final Map<String, HttpSession> httpSessions = new ConcurrentHashMap<>();

		@CheckConnection
		boolean check(Principal principal, Authentication authentication) {
			this.checked.add(principal.getName() + "/" + authentication.getName());
			return true;
		}

		@OnOpen
		void open(EventSourceSession session, Authentication authentication, HttpServletRequest request) {
			this.sessions.put(authentication.getName(), session);
			HttpSession httpSession = request.getSession(false);
			if (httpSession != null) {
				this.httpSessions.put(authentication.getName(), httpSession);
			}
			session.send("hello", authentication.getName());
		}

	}

	/**
	 * A feed for clients that cannot send credentials: the token in the query parameter is
	 * checked before the stream opens.
	 */
	@EventSourceEndpoint("/token-feed")
	static class TokenFeed {

		private final Tokens tokens;

		TokenFeed(Tokens tokens) {
			this.tokens = tokens;
		}

		@CheckConnection
		boolean check(EventSourceSession session, @RequestParam(required = false) @Nullable String token) {
			String user = (token != null) ? this.tokens.redeem(token) : null;
			if (user == null) {
				session.error(401, "invalid or expired token");
				return false;
			}
			session.getAttributes().put("user", user);
			return true;
		}

		@OnOpen
		void open(EventSourceSession session) {
			session.send("hello", session.getAttributes().get("user"));
		}

	}

	/**
	 * Issues single-use tokens that expire after a short time.
	 */
	static class Tokens {

		private final Map<String, Issued> issued = new ConcurrentHashMap<>();

		private final Clock clock = Clock.systemUTC();

		String issue(String user, Duration lifetime) {
			String token = UUID.randomUUID().toString();
			this.issued.put(token, new Issued(user, this.clock.instant().plus(lifetime)));
			return token;
		}

		@Nullable String redeem(String token) {
			Issued issued = this.issued.remove(token);
			return (issued != null && issued.expires().isAfter(this.clock.instant())) ? issued.user() : null;
		}

		private record Issued(String user, Instant expires) {
		}

	}

}
