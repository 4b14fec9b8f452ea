package io.github.eventsource.web.internal;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Flow.Publisher} of the elements of a {@link Stream}, for one subscriber: the
 * stream is iterated on the executor while there is demand, as its elements may take
 * time to come, and closed once it is exhausted, fails or is cancelled.
 *
 * @param <T> the type of the elements
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {

	private final Stream<T> stream;

	private final Executor executor;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	/**
	 * Create a publisher.
	 * @param stream the stream, iterated once
	 * @param executor runs the iteration
	 */
	StreamPublisher(Stream<T> stream, Executor executor) {
		this.stream = stream;
		this.executor = executor;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super T> subscriber) {
		if (!this.subscribed.compareAndSet(false, true)) {
			subscriber.onSubscribe(new Drain<>(Stream.empty(), subscriber, Runnable::run));
			subscriber.onError(new IllegalStateException("A Stream can be subscribed to once"));
			return;
		}
		subscriber.onSubscribe(new Drain<>(this.stream, subscriber, this.executor));
	}

	/**
	 * The subscription: the demand counter also says whether a drain runs, so that one
	 * thread at a time iterates the stream and nothing recurses.
	 */
	private static final class Drain<T> implements Flow.Subscription, Runnable {

		private final Stream<T> stream;

		private final Flow.Subscriber<? super T> subscriber;

		private final Executor executor;

		private final AtomicLong demand = new AtomicLong();

		private @Nullable Iterator<T> iterator;

		private volatile boolean cancelled;

		private boolean ended;

		Drain(Stream<T> stream, Flow.Subscriber<? super T> subscriber, Executor executor) {
			this.stream = stream;
			this.subscriber = subscriber;
			this.executor = executor;
		}

		@Override
		public void request(long n) {
			if (n <= 0) {
				this.cancelled = true;
				this.subscriber.onError(new IllegalArgumentException("Demand must be positive, was " + n));
			}
			addDemand(n);
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			// a drain closes the stream, on the executor
			addDemand(1);
		}

		/**
		 * Add to the demand, capped; start a drain if none runs.
		 */
		private void addDemand(long n) {
			if (this.demand.getAndUpdate((current) -> (current + n < 0) ? Long.MAX_VALUE : current + n) == 0) {
				this.executor.execute(this);
			}
		}

		@Override
		public void run() {
			long emitted = 0;
			try {
				while (true) {
					long requested = this.demand.get();
					while (emitted != requested && !this.ended) {
						if (this.cancelled) {
							end();
							return;
						}
						Iterator<T> iterator = iterator();
						if (!iterator.hasNext()) {
							end();
							this.subscriber.onComplete();
							return;
						}
						this.subscriber.onNext(iterator.next());
						emitted++;
					}
					if (this.cancelled || this.ended) {
						end();
						return;
					}
					requested = this.demand.addAndGet(-emitted);
					emitted = 0;
					if (requested == 0) {
						return;
					}
				}
			}
			catch (RuntimeException ex) {
				end();
				this.subscriber.onError(ex);
			}
		}

		private Iterator<T> iterator() {
			Iterator<T> iterator = this.iterator;
			if (iterator == null) {
				iterator = this.stream.iterator();
				this.iterator = iterator;
			}
			return iterator;
		}

		private void end() {
			if (!this.ended) {
				this.ended = true;
				this.stream.close();
			}
		}

	}

}
