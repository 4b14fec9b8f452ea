package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceSession;
import java.security.Principal;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The sessions of this instance, by id, with the outbound stream and the endpoint path
 * pattern of each, and the connection limits they count against. A session is
 * registered, within the limits, as its request arrives and unregistered when it ends,
 * whatever ends it.
 * <p>
 * Thread-safe. Registration and the limits are checked atomically; the count per user is
 * the one figure kept besides the sessions themselves, so that the per-user limit is
 * atomic too.
 */
public final class SessionRegistry {

	private final Map<String, Registration> sessions = new ConcurrentHashMap<>();

	private final Map<String, Integer> users = new HashMap<>();

	private final @Nullable Integer maxSessions;

	private final @Nullable Integer maxSessionsPerUser;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition emptied = this.lock.newCondition();

	/**
	 * Create a registry without limits.
	 */
	public SessionRegistry() {
		this(null, null);
	}

	/**
	 * Create a registry.
	 * @param maxSessions the maximum number of sessions, or {@code null}
	 * @param maxSessionsPerUser the maximum number of sessions of one user, or
	 * {@code null}
	 */
	public SessionRegistry(@Nullable Integer maxSessions, @Nullable Integer maxSessionsPerUser) {
		this.maxSessions = maxSessions;
		this.maxSessionsPerUser = maxSessionsPerUser;
	}

	/**
	 * Register a session if the limits allow it.
	 * @param registration the session, its stream and endpoint
	 * @return whether the session was registered, or which limit refused it
	 */
	public Admission register(Registration registration) {
		String user = user(registration);
		this.lock.lock();
		try {
			if (this.maxSessions != null && this.sessions.size() >= this.maxSessions) {
				return Admission.TOO_MANY;
			}
			if (user != null && this.maxSessionsPerUser != null
					&& this.users.getOrDefault(user, 0) >= this.maxSessionsPerUser) {
				return Admission.TOO_MANY_FOR_USER;
			}
			this.sessions.put(registration.session().getId(), registration);
			if (user != null) {
				this.users.merge(user, 1, Integer::sum);
			}
			return Admission.ADMITTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a session; does nothing if it is not registered.
	 * @param sessionId the session id
	 */
	public void unregister(String sessionId) {
		this.lock.lock();
		try {
			Registration removed = this.sessions.remove(sessionId);
			String user = (removed != null) ? user(removed) : null;
			if (user != null) {
				this.users.computeIfPresent(user, (name, count) -> (count > 1) ? count - 1 : null);
			}
			if (removed != null && this.sessions.isEmpty()) {
				this.emptied.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static @Nullable String user(Registration registration) {
		Principal principal = registration.session().getPrincipal();
		return (principal != null) ? principal.getName() : null;
	}

	/**
	 * Wait until no session is registered.
	 * @param timeout the longest time to wait
	 * @return whether the registry became empty in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitEmpty(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.sessions.isEmpty()) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.emptied.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
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
	 * Return the number of sessions.
	 * @return the number of open sessions
	 */
	public int size() {
		return this.sessions.size();
	}

	/**
	 * Return the bytes buffered for the clients of every session, not sent yet.
	 * @return the buffered bytes
	 */
	public long bufferedBytes() {
		long bytes = 0;
		for (Registration registration : this.sessions.values()) {
			bytes += registration.stream().bufferedBytes();
		}
		return bytes;
	}

	/**
	 * Return the number of open sessions of an endpoint.
	 * @param endpoint the endpoint path pattern
	 * @return the number of its open sessions
	 */
	public int sizeOfEndpoint(String endpoint) {
		int count = 0;
		for (Registration registration : this.sessions.values()) {
			if (registration.endpoint().equals(endpoint)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Whether a session was registered, or which limit refused it.
	 */
	public enum Admission {

		/**
		 * The session is registered.
		 */
		ADMITTED,

		/**
		 * The maximum number of sessions is reached.
		 */
		TOO_MANY,

		/**
		 * The maximum number of sessions of the session's user is reached.
		 */
		TOO_MANY_FOR_USER

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
