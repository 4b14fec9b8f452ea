package io.github.eventsource.core;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The open sessions of this instance, by id, with the outbound stream and the endpoint
 * path pattern of each.
 * <p>
 * Thread-safe. Counts are derived from the registered sessions, never kept apart.
 *
 * @since 0.1.0
 */
public class SessionRegistry {

	private final Map<String, Registration> sessions = new ConcurrentHashMap<>();

	/**
	 * Register an open session.
	 * @param registration the session, its stream and endpoint
	 */
	public void register(Registration registration) {
		this.sessions.put(registration.session().getId(), registration);
	}

	/**
	 * Remove a session; does nothing if it is not registered.
	 * @param sessionId the session id
	 */
	public void unregister(String sessionId) {
		this.sessions.remove(sessionId);
	}

	/**
	 * Return a registered session.
	 * @param sessionId the session id
	 * @return the registration, or {@code null} if no such session is open here
	 */
	public @Nullable Registration get(String sessionId) {
		return this.sessions.get(sessionId);
	}

	/**
	 * Return the registered sessions.
	 * @return a live, weakly consistent view
	 */
	public Collection<Registration> getRegistrations() {
		return this.sessions.values();
	}

	/**
	 * Return the number of open sessions.
	 * @return the number of open sessions
	 */
	public int size() {
		return this.sessions.size();
	}

	/**
	 * Return the number of open sessions of an endpoint.
	 * @param endpoint the endpoint path pattern
	 * @return the number of its open sessions
	 */
	public int size(String endpoint) {
		int count = 0;
		for (Registration registration : this.sessions.values()) {
			if (registration.endpoint().equals(endpoint)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * An open session with its outbound stream and the path pattern of its endpoint.
	 *
	 * @param session the session
	 * @param stream its outbound stream
	 * @param endpoint the path pattern of its endpoint, such as {@code /rooms/{room}}
	 */
	public record Registration(EventSourceSession session, OutboundStream stream, String endpoint) {
	}

}
