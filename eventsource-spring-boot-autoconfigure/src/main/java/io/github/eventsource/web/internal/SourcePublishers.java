package io.github.eventsource.web.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

import org.springframework.util.ClassUtils;

/**
 * The sources an {@code @OnOpen} method may return, seen as one {@link Flow.Publisher}:
 * a {@code Flow.Publisher} as it is, an {@code org.reactivestreams.Publisher} (such as
 * a {@code Flux}) through Reactive Streams' own adapter when that library is present, a
 * {@link Stream} iterated on an executor.
 */
final class SourcePublishers {

	private static final boolean REACTIVE_STREAMS_PRESENT = ClassUtils.isPresent("org.reactivestreams.FlowAdapters",
			SourcePublishers.class.getClassLoader());

	private SourcePublishers() {
	}

	/**
	 * Return whether a return type is, or may be, a source.
	 * @param type the declared return type of an {@code @OnOpen} method
	 * @return whether its values are sources
	 */
	static boolean isSource(Class<?> type) {
		return Flow.Publisher.class.isAssignableFrom(type) || Stream.class.isAssignableFrom(type)
				|| (REACTIVE_STREAMS_PRESENT && ReactiveStreams.isPublisher(type));
	}

	/**
	 * Return a returned value as a publisher.
	 * @param value what the {@code @OnOpen} method returned
	 * @param executor iterates a {@code Stream}
	 * @return the publisher, or {@code null} if the value is no source
	 */
	static Flow.@Nullable Publisher<?> adapt(@Nullable Object value, Executor executor) {
		if (value instanceof Flow.Publisher<?> publisher) {
			return publisher;
		}
		if (value instanceof Stream<?> stream) {
			return new StreamPublisher<>(stream, executor);
		}
		if (value != null && REACTIVE_STREAMS_PRESENT && ReactiveStreams.isPublisher(value.getClass())) {
			return ReactiveStreams.toFlow(value);
		}
		return null;
	}

	/**
	 * Release a value that is no longer subscribed to: a {@code Stream} is closed.
	 * @param value what the {@code @OnOpen} method returned
	 */
	static void discard(@Nullable Object value) {
		if (value instanceof Stream<?> stream) {
			stream.close();
		}
	}

	/**
	 * Loaded only when Reactive Streams is on the classpath.
	 */
	private static final class ReactiveStreams {

		static boolean isPublisher(Class<?> type) {
			return Publisher.class.isAssignableFrom(type);
		}

		static Flow.Publisher<?> toFlow(Object publisher) {
			return FlowAdapters.toFlowPublisher((Publisher<?>) publisher);
		}

	}

}
