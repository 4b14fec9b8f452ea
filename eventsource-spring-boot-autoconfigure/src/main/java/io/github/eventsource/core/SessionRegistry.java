package io.github.eventsource.core;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The sessions of this instance whose response is not complete yet, by id, with the
 * outbound stream and the endpoint path pattern of each. A session is registered when
 * its stream opens and unregistered when its response has completed, so the count is
 * the number of connections held.
 * <p>
 * Thread-safe. Counts are derived from the registered sessions, never kept apart.
 *
 * @since 0.1.0
 */
public class SessionRegistry {

	private final Map<String, Registration> sessions = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition emptied = this.lock.newCondition();

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
		if (this.sessions.remove(sessionId) != null && this.sessions.isEmpty()) {
			this.lock.lock();
			try {
				this.emptied.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
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
