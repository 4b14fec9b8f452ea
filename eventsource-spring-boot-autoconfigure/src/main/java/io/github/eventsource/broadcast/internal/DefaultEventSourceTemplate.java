package io.github.eventsource.broadcast.internal;

import java.util.function.Supplier;

import io.github.eventsource.broadcast.BroadcastResult;
import io.github.eventsource.broadcast.EventSourceTemplate;
import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.observation.DefaultSendObservationConvention;
import io.github.eventsource.observation.EventSourceObservationDocumentation;
import io.github.eventsource.observation.SendObservationContext;
import io.github.eventsource.observation.SendObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link EventSourceTemplate} that sends through an {@link EventDelivery}: to the streams
 * of this instance, or of every instance of a cluster. Each send is
 * {@link EventSourceObservationDocumentation#SEND observed}, from the call to the event
 * queued for its streams.
 */
public class DefaultEventSourceTemplate implements EventSourceTemplate {

	private static final SendObservationConvention DEFAULT_CONVENTION = new DefaultSendObservationConvention();

	private final EventDelivery delivery;

	private final ObservationRegistry registry;

	private final @Nullable SendObservationConvention convention;

	/**
	 * Create a template whose sends are not observed.
	 * @param delivery where events go
	 */
	public DefaultEventSourceTemplate(EventDelivery delivery) {
		this(delivery, ObservationRegistry.NOOP, null);
	}

	/**
	 * Create a template whose sends are observed.
	 * @param delivery where events go
	 * @param registry where the observations of sends are recorded
	 * @param convention the application's convention, or {@code null} for the default
	 */
	public DefaultEventSourceTemplate(EventDelivery delivery, ObservationRegistry registry,
			@Nullable SendObservationConvention convention) {
		this.delivery = delivery;
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public BroadcastResult broadcast(String path, EventSourceEvent event) {
		return observe(SendObservationContext.Target.PATH, path,
				() -> this.delivery.publish(Target.path(path), event));
	}

	@Override
	public BroadcastResult broadcastToGroup(String group, EventSourceEvent event) {
		return observe(SendObservationContext.Target.GROUP, group,
				() -> this.delivery.publish(Target.group(group), event));
	}

	@Override
	public BroadcastResult broadcastToUser(String user, EventSourceEvent event) {
		return observe(SendObservationContext.Target.USER, user,
				() -> this.delivery.publish(Target.user(user), event));
	}

	@Override
	public BroadcastResult broadcastToSession(String sessionId, EventSourceEvent event) {
		return observe(SendObservationContext.Target.SESSION, sessionId,
				() -> this.delivery.sendToSession(sessionId, event));
	}

	private BroadcastResult observe(SendObservationContext.Target target, String name,
			Supplier<BroadcastResult> send) {
		if (this.registry.isNoop()) {
			return send.get();
		}
		SendObservationContext context = new SendObservationContext(target, name);
		Observation observation = EventSourceObservationDocumentation.SEND
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			BroadcastResult result = send.get();
			context.setStreams(result.localStreams());
			return result;
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
