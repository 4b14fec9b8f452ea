package io.github.eventsource.core;

import java.util.List;

/**
 * An {@link EventSourceObserver} that tells several observers, in order.
 *
 * @since 0.1.0
 */
public final class CompositeEventSourceObserver implements EventSourceObserver {

	private final List<EventSourceObserver> observers;

	private CompositeEventSourceObserver(List<EventSourceObserver> observers) {
		this.observers = observers;
	}

	/**
	 * Return an observer that tells all of the given ones.
	 * @param observers the observers, in order
	 * @return {@link EventSourceObserver#NONE} for none, the observer itself for one, or
	 * a composite
	 */
	public static EventSourceObserver of(List<EventSourceObserver> observers) {
		return switch (observers.size()) {
			case 0 -> NONE;
			case 1 -> observers.get(0);
			default -> new CompositeEventSourceObserver(List.copyOf(observers));
		};
	}

	@Override
	public void mapped(String endpoint) {
		this.observers.forEach((observer) -> observer.mapped(endpoint));
	}

	@Override
	public void opened(String endpoint) {
		this.observers.forEach((observer) -> observer.opened(endpoint));
	}

	@Override
	public void refused(String endpoint, RefusalReason reason) {
		this.observers.forEach((observer) -> observer.refused(endpoint, reason));
	}

	@Override
	public void closed(String endpoint, long openNanos) {
		this.observers.forEach((observer) -> observer.closed(endpoint, openNanos));
	}

	@Override
	public void written(String endpoint, int events, long waitedNanos) {
		this.observers.forEach((observer) -> observer.written(endpoint, events, waitedNanos));
	}

	@Override
	public void overflowed(String endpoint, OverflowPolicy policy) {
		this.observers.forEach((observer) -> observer.overflowed(endpoint, policy));
	}

	@Override
	public void replayed(String endpoint, ReplayOutcome outcome, int events) {
		this.observers.forEach((observer) -> observer.replayed(endpoint, outcome, events));
	}

	@Override
	public void heartbeat(String endpoint) {
		this.observers.forEach((observer) -> observer.heartbeat(endpoint));
	}

}
