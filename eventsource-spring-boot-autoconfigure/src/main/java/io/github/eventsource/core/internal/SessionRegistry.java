package io.github.eventsource.core.internal;

import io.github.eventsource.core.EventSourceSession;
import io.github.eventsource.core.StreamOutcome;
import java.security.Principal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The sessions of this instance, by id, with the outbound stream and the endpoint path
 * pattern of each, and the connection limits they count against. A session is
 * registered, within the limits, as its request arrives and unregistered when it ends,
 * whatever ends it.
 * <p>
 * Every stream counts toward the address of its client, and a stream of an authenticated
 * user toward that user too. Once {@link #stopAccepting() closed} for shutdown, it
 * refuses every new session.
 * <p>
 * Thread-safe. Registration and the limits are checked atomically; the counts per user
 * and per address are the figures kept besides the sessions themselves, so that the
 * per-user and per-address limits are atomic too.
 */
public final class SessionRegistry {

	private final Map<String, Registration> sessions = new ConcurrentHashMap<>();

	private final Map<String, Integer> users = new HashMap<>();

	private final Map<String, Integer> addresses = new HashMap<>();

	private volatile @Nullable Integer maxSessions;

	private volatile @Nullable Integer maxSessionsPerUser;

	private volatile @Nullable Integer maxSessionsPerAddress;

	private volatile boolean accepting = true;

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * Set the maximum number of sessions of the instance.
	 * @param maxSessions the maximum, or {@code null} for no maximum
	 */
	public void setMaxSessions(@Nullable Integer maxSessions) {
		this.maxSessions = maxSessions;
	}

	/**
	 * Set the maximum number of sessions of one user (principal name).
	 * @param maxSessionsPerUser the maximum, or {@code null} for no maximum
	 */
	public void setMaxSessionsPerUser(@Nullable Integer maxSessionsPerUser) {
		this.maxSessionsPerUser = maxSessionsPerUser;
	}

	/**
	 * Set the maximum number of sessions of one client address.
	 * @param maxSessionsPerAddress the maximum, or {@code null} for no maximum
	 */
	public void setMaxSessionsPerAddress(@Nullable Integer maxSessionsPerAddress) {
		this.maxSessionsPerAddress = maxSessionsPerAddress;
	}

	/**
	 * Register a session if the limits allow it.
	 * @param registration the session, its stream and endpoint
	 * @return whether the session was registered, or which limit refused it
	 */
	public Admission register(Registration registration) {
		String user = user(registration);
		String address = registration.address();
		this.lock.lock();
		try {
			if (!this.accepting) {
				return Admission.SHUTTING_DOWN;
			}
			if (reached(this.maxSessions, this.sessions.size())) {
				return Admission.TOO_MANY;
			}
			if (user != null && reached(this.maxSessionsPerUser, this.users.getOrDefault(user, 0))) {
				return Admission.TOO_MANY_FOR_USER;
			}
			if (reached(this.maxSessionsPerAddress, this.addresses.getOrDefault(address, 0))) {
				return Admission.TOO_MANY_FOR_ADDRESS;
			}
			this.sessions.put(registration.session().getId(), registration);
			if (user != null) {
				this.users.merge(user, 1, Integer::sum);
			}
			this.addresses.merge(address, 1, Integer::sum);
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
				this.users.computeIfPresent(user, SessionRegistry::decrement);
			}
			if (removed != null) {
				this.addresses.computeIfPresent(removed.address(), SessionRegistry::decrement);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuse every session from now on: the application is shutting down.
	 */
	public void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Accept sessions again, within the limits: the application (re)started.
	 */
	public void startAccepting() {
		this.accepting = true;
	}

	private static boolean reached(@Nullable Integer max, int count) {
		return max != null && count >= max;
	}

	private static @Nullable Integer decrement(String key, Integer count) {
		return (count > 1) ? count - 1 : null;
	}

	/**
	 * Return the number of sessions of a client address.
	 * @param address the client address, as {@link ClientAddress} gives it
	 * @return the number of its open sessions
	 */
	public int sizeOfAddress(String address) {
		this.lock.lock();
		try {
			return this.addresses.getOrDefault(address, 0);
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
		TOO_MANY_FOR_USER,

		/**
		 * The maximum number of sessions of the session's client address is reached.
		 */
		TOO_MANY_FOR_ADDRESS,

		/**
		 * The application is shutting down.
		 */
		SHUTTING_DOWN

	}

	/**
	 * An open session with its outbound stream, the path pattern of its endpoint and the
	 * address of its client.
	 *
	 * @param session the session
	 * @param stream its outbound stream
	 * @param endpoint the path pattern of its endpoint, such as {@code /rooms/{room}}
	 * @param address the client's address, as {@link ClientAddress} gives it
	 */
	public record Registration(EventSourceSession session, OutboundStream stream, String endpoint, String address) {

		/**
		 * Create a registration of a session whose client address is not known.
		 * @param session the session
		 * @param stream its outbound stream
		 * @param endpoint the path pattern of its endpoint
		 */
		public Registration(EventSourceSession session, OutboundStream stream, String endpoint) {
			this(session, stream, endpoint, ClientAddress.UNKNOWN);
		}

		/**
		 * End the session with the given outcome, or close it if it cannot be told one.
		 * @param outcome why it ends
		 */
		public void end(StreamOutcome outcome) {
			if (this.session instanceof EndableSession endable) {
				endable.end(outcome);
			}
			else {
				this.session.close();
			}
		}

	}

}
