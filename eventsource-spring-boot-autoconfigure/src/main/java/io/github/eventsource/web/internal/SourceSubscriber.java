package io.github.eventsource.web.internal;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.eventsource.core.EventSourceEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Subscribes to a source and sends its elements, as events, to a {@link SourceSink}, asking
 * for one element at a time and only while the sink has room: a sink that cannot take
 * more pauses the source until it has room again and {@link #written() says so}. The source's end
 * becomes the sink's end, after the completion or error event.
 * <p>
 * Thread-safe: the source calls it on its own threads, the sink on the container's.
 */
final class SourceSubscriber implements Flow.Subscriber<Object>, StreamFeed {

	private static final Log logger = LogFactory.getLog(SourceSubscriber.class);

	private final SourceSink sink;

	private final SourceEvents events;

	private final String description;

	private final AtomicBoolean waiting = new AtomicBoolean();

	private volatile Flow.@Nullable Subscription subscription;

	private volatile boolean cancelled;

	private volatile boolean done;

	/**
	 * Create a subscriber.
	 * @param sink where the events go
	 * @param events what the elements and the end become
	 * @param description the source, for the log
	 */
	SourceSubscriber(SourceSink sink, SourceEvents events, String description) {
		this.sink = sink;
		this.events = events;
		this.description = description;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		if (this.subscription != null) {
			subscription.cancel();
			return;
		}
		this.subscription = subscription;
		if (this.cancelled) {
			subscription.cancel();
		}
		else {
			subscription.request(1);
		}
	}

	@Override
	public void onNext(Object element) {
		if (this.done || this.cancelled) {
			return;
		}
		boolean sent;
		try {
			sent = this.sink.send(this.events.element(element));
		}
		catch (RuntimeException ex) {
			cancel();
			fail(ex);
			return;
		}
		if (!sent) {
			cancel();
			return;
		}
		this.waiting.set(true);
		written();
	}

	@Override
	public void onError(Throwable ex) {
		if (!this.cancelled) {
			fail(ex);
		}
	}

	@Override
	public void onComplete() {
		if (!this.done && !this.cancelled) {
			this.done = true;
			logger.debug(LogMessage.format("%s completed", this.description));
			this.sink.complete(this.events.completion());
		}
	}

	/**
	 * Ask the source for the next element if the last one was sent and the sink has room
	 * now; called by the sink once room may have appeared.
	 */
	@Override
	public void written() {
		Flow.Subscription subscription = this.subscription;
		if (subscription != null && this.waiting.get() && this.sink.hasRoom()
				&& this.waiting.compareAndSet(true, false)) {
			subscription.request(1);
		}
	}

	/**
	 * Cancel the source, as nobody listens any more; nothing more is sent.
	 */
	void cancel() {
		this.cancelled = true;
		Flow.Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	@Override
	public void ended(EndpointSession session) {
		cancel();
	}

	private void fail(Throwable ex) {
		if (this.done) {
			return;
		}
		this.done = true;
		logger.warn(LogMessage.format("%s failed; ending its stream with an error event", this.description), ex);
		this.sink.complete(this.events.failure());
	}

}
