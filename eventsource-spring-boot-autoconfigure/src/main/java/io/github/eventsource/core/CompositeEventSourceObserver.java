package io.github.eventsource.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * An {@link EventSourceObserver} that tells several observers, in order, and keeps what
 * one of them throws from the stream that told it: the failure is logged (at WARN the
 * first time for each observer, then at DEBUG) and the other observers are told still.
 *
 * @since 0.1.0
 */
public final class CompositeEventSourceObserver implements EventSourceObserver {

	private static final Log logger = LogFactory.getLog(CompositeEventSourceObserver.class);

	private final List<EventSourceObserver> observers;

	private final Set<EventSourceObserver> failed = ConcurrentHashMap.newKeySet();

	private CompositeEventSourceObserver(List<EventSourceObserver> observers) {
		this.observers = observers;
	}

	/**
	 * Return an observer that tells all of the given ones.
	 * @param observers the observers, in order
	 * @return {@link EventSourceObserver#NONE} for none, or a composite
	 */
	public static EventSourceObserver of(List<EventSourceObserver> observers) {
		return observers.isEmpty() ? NONE : new CompositeEventSourceObserver(List.copyOf(observers));
	}

	@Override
	public void mapped(String endpoint) {
		tell((observer) -> observer.mapped(endpoint));
	}

	@Override
	public void opened(String endpoint) {
		tell((observer) -> observer.opened(endpoint));
	}

	@Override
	public void refused(String endpoint, RefusalReason reason) {
		tell((observer) -> observer.refused(endpoint, reason));
	}

	@Override
	public void closed(String endpoint, long openNanos) {
		tell((observer) -> observer.closed(endpoint, openNanos));
	}

	@Override
	public void written(String endpoint, int events, long waitedNanos) {
		tell((observer) -> observer.written(endpoint, events, waitedNanos));
	}

	@Override
	public void overflowed(String endpoint, OverflowPolicy policy) {
		tell((observer) -> observer.overflowed(endpoint, policy));
	}

	@Override
	public void replayed(String endpoint, ReplayOutcome outcome, int events) {
		tell((observer) -> observer.replayed(endpoint, outcome, events));
	}

	@Override
	public void heartbeat(String endpoint) {
		tell((observer) -> observer.heartbeat(endpoint));
	}

	private void tell(Consumer<EventSourceObserver> call) {
		for (EventSourceObserver observer : this.observers) {
			try {
				call.accept(observer);
			}
			catch (RuntimeException ex) {
				if (this.failed.add(observer)) {
					logger.warn(LogMessage.format("Observer %s failed; the stream goes on", observer), ex);
				}
				else {
					logger.debug(LogMessage.format("Observer %s failed again: %s", observer, ex));
				}
			}
		}
	}

}
