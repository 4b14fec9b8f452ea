package io.github.eventsource.autoconfigure;

import java.time.Duration;

import io.github.eventsource.core.OverflowPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Server-Sent Events endpoints: the stream-wide settings,
 * then the small groups {@link Session} ({@code eventsource.session.*}),
 * {@link Heartbeat}, {@link Shutdown} and {@link Actuator}. The larger groups have
 * classes of their own: {@link EventSourceReplayProperties},
 * {@link EventSourceResumableProperties}, {@link EventSourceLimitsProperties},
 * {@link EventSourcePresenceProperties}, {@link EventSourceCorsProperties} and
 * {@link EventSourceClusterProperties}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource")
public class EventSourceProperties {

	/**
	 * Whether Server-Sent Events endpoints are mapped.
	 */
	private boolean enabled = true;

	/**
	 * Reconnection time sent to clients as 'retry:' when a stream opens. Not sent when
	 * not set.
	 */
	private @Nullable Duration retry;

	/**
	 * Time after which an open stream is completed. Streams never time out when not set.
	 */
	private @Nullable Duration timeout;

	/**
	 * Name of the query parameter that carries the last event id, for clients that
	 * cannot set the Last-Event-ID header. The header wins when both are present.
	 */
	private String lastEventIdParameter = "lastEventId";

	private final Session session = new Session();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Shutdown shutdown = new Shutdown();

	private final Actuator actuator = new Actuator();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getRetry() {
		return this.retry;
	}

	public void setRetry(@Nullable Duration retry) {
		this.retry = retry;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public String getLastEventIdParameter() {
		return this.lastEventIdParameter;
	}

	public void setLastEventIdParameter(String lastEventIdParameter) {
		this.lastEventIdParameter = lastEventIdParameter;
	}

	public Session getSession() {
		return this.session;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	/**
	 * Per-session outbound buffering.
	 */
	public static class Session {

		/**
		 * Maximum number of events queued for one client before the overflow policy
		 * applies.
		 */
		private int maxBufferedEvents = 1024;

		/**
		 * Maximum bytes buffered for one client, queued or handed to the server but not
		 * yet sent, before the overflow policy applies.
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(1);

		/**
		 * What happens when a client's outbound buffer is full.
		 */
		private OverflowPolicy overflow = OverflowPolicy.DISCONNECT;

		public DataSize getMaxBufferedBytes() {
			return this.maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

		public int getMaxBufferedEvents() {
			return this.maxBufferedEvents;
		}

		public void setMaxBufferedEvents(int maxBufferedEvents) {
			this.maxBufferedEvents = maxBufferedEvents;
		}

		public OverflowPolicy getOverflow() {
			return this.overflow;
		}

		public void setOverflow(OverflowPolicy overflow) {
			this.overflow = overflow;
		}

	}

	/**
	 * Heartbeats: comment lines that keep proxies from closing idle streams and reveal
	 * clients that vanished.
	 */
	public static class Heartbeat {

		/**
		 * Interval between heartbeats of an idle stream; a stream that could write nothing
		 * for two intervals is ended. Zero disables both.
		 */
		private Duration interval = Duration.ofSeconds(15);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Closing of open streams when the application shuts down.
	 */
	public static class Shutdown {

		/**
		 * Name of an event sent to every stream before it is closed on shutdown. None is
		 * sent when not set.
		 */
		private @Nullable String farewellEvent;

		/**
		 * Upper bound of the random reconnection time sent to each stream on shutdown, so
		 * that clients do not all reconnect at once.
		 */
		private Duration reconnectSpread = Duration.ofSeconds(5);

		/**
		 * Maximum time to wait on shutdown for the streams' farewells to be written and
		 * their responses to complete before the web server stops; the streams whose
		 * clients did not take theirs are ended then.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable String getFarewellEvent() {
			return this.farewellEvent;
		}

		public void setFarewellEvent(@Nullable String farewellEvent) {
			this.farewellEvent = farewellEvent;
		}

		public Duration getReconnectSpread() {
			return this.reconnectSpread;
		}

		public void setReconnectSpread(Duration reconnectSpread) {
			this.reconnectSpread = reconnectSpread;
		}

	}

	/**
	 * What the eventsource Actuator endpoint reports.
	 */
	public static class Actuator {

		/**
		 * Whether the endpoint lists the concrete paths with the most streams (which may
		 * embed ids or tokens), rather than only endpoint patterns and counts.
		 */
		private boolean showPaths;

		public boolean isShowPaths() {
			return this.showPaths;
		}

		public void setShowPaths(boolean showPaths) {
			this.showPaths = showPaths;
		}

	}

}
