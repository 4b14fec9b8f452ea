package io.github.eventsource.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.core.OverflowPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Server-Sent Events endpoints.
 * <p>
 * The stream-wide settings come first; each group is a short nested class, in the order
 * of its getter: {@link Session} ({@code eventsource.session.*}), {@link Heartbeat},
 * {@link Replay}, {@link Limits}, {@link Shutdown}, {@link Cluster}, {@link Cors},
 * {@link Presence} and {@link Actuator}.
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

	private final Replay replay = new Replay();

	private final Resumable resumable = new Resumable();

	private final Limits limits = new Limits();

	private final Shutdown shutdown = new Shutdown();

	private final Cluster cluster = new Cluster();

	private final Cors cors = new Cors();

	private final Presence presence = new Presence();

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

	public Replay getReplay() {
		return this.replay;
	}

	public Resumable getResumable() {
		return this.resumable;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Cors getCors() {
		return this.cors;
	}

	public Presence getPresence() {
		return this.presence;
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
	 * Replay of missed events after a reconnect with a last event id.
	 */
	public static class Replay {

		/**
		 * Whether each endpoint path, group and user keeps a history of its events,
		 * assigns ids to events without one, and replays missed events to reconnecting
		 * clients.
		 */
		private boolean enabled;

		/**
		 * Maximum number of events kept in the history of one path, group or user.
		 */
		private int maxEvents = 1000;

		/**
		 * Maximum bytes of the events kept in the history of one path, group or user.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(1);

		/**
		 * Maximum bytes of every history of the instance together, counting a small
		 * overhead per event; the oldest events are evicted first.
		 */
		private DataSize maxTotalBytes = DataSize.ofMegabytes(64);

		/**
		 * Maximum age of events kept in the history.
		 */
		private Duration maxAge = Duration.ofMinutes(5);

		/**
		 * Name of the event sent to a client whose last event id is unknown or older than
		 * the history, so that it reloads its state.
		 */
		private String resetEvent = "reset";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public DataSize getMaxTotalBytes() {
			return this.maxTotalBytes;
		}

		public void setMaxTotalBytes(DataSize maxTotalBytes) {
			this.maxTotalBytes = maxTotalBytes;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public String getResetEvent() {
			return this.resetEvent;
		}

		public void setResetEvent(String resetEvent) {
			this.resetEvent = resetEvent;
		}

	}

	/**
	 * Generations of resumable endpoints, shared by the streams of a concrete path; each
	 * keeps its events within the replay bounds of one history.
	 */
	public static class Resumable {

		/**
		 * How long an ended generation is kept, so that a stream that comes gets its
		 * events and its end instead of starting a new generation.
		 */
		private Duration retention = Duration.ofMinutes(5);

		/**
		 * How long a generation runs without any stream before its source is cancelled.
		 */
		private Duration grace = Duration.ofSeconds(30);

		/**
		 * Maximum number of generations, running or kept, of the instance; past it the one
		 * that ended first is forgotten, then a running one nobody listens to of the client
		 * that runs most, and if none can go a new stream is refused for load.
		 */
		private int maxGenerations = 1000;

		/**
		 * Maximum number of running generations of one endpoint. Past it a new stream of
		 * the endpoint that would start one is refused for load. max-generations when not
		 * set.
		 */
		private @Nullable Integer maxGenerationsPerEndpoint;

		/**
		 * Maximum number of running generations that one client (a user by principal name,
		 * an anonymous client by its address) started. Past it that client's stream that
		 * would start one is refused for load.
		 */
		private int maxGenerationsPerClient = 16;

		/**
		 * How long a generation runs without any stream when its only stream left before
		 * its first event or within abandoned-within of its start, instead of the grace.
		 */
		private Duration abandonedGrace = Duration.ofSeconds(2);

		/**
		 * Time after its start within which a generation whose only stream left is
		 * abandoned, and runs for the abandoned-grace only.
		 */
		private Duration abandonedWithin = Duration.ofSeconds(2);

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

		public int getMaxGenerations() {
			return this.maxGenerations;
		}

		public void setMaxGenerations(int maxGenerations) {
			this.maxGenerations = maxGenerations;
		}

		public @Nullable Integer getMaxGenerationsPerEndpoint() {
			return this.maxGenerationsPerEndpoint;
		}

		public void setMaxGenerationsPerEndpoint(@Nullable Integer maxGenerationsPerEndpoint) {
			this.maxGenerationsPerEndpoint = maxGenerationsPerEndpoint;
		}

		public int getMaxGenerationsPerClient() {
			return this.maxGenerationsPerClient;
		}

		public void setMaxGenerationsPerClient(int maxGenerationsPerClient) {
			this.maxGenerationsPerClient = maxGenerationsPerClient;
		}

		public Duration getAbandonedGrace() {
			return this.abandonedGrace;
		}

		public void setAbandonedGrace(Duration abandonedGrace) {
			this.abandonedGrace = abandonedGrace;
		}

		public Duration getAbandonedWithin() {
			return this.abandonedWithin;
		}

		public void setAbandonedWithin(Duration abandonedWithin) {
			this.abandonedWithin = abandonedWithin;
		}

	}

	/**
	 * Connection limits; past them a new stream is refused for load: told to reconnect
	 * later, or answered 503 with Retry-After.
	 */
	public static class Limits {

		/**
		 * Maximum number of open streams on this instance. Unlimited when not set.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * Maximum number of open streams of one user (principal name). Unlimited when not
		 * set.
		 */
		private @Nullable Integer maxConnectionsPerUser;

		/**
		 * Maximum number of open streams of one client address (an IPv6 client by its /64
		 * network), anonymous or not; the address is the request's remote address, which
		 * server.forward-headers-strategy makes the client's behind a proxy. When not set,
		 * a quarter of max-connections (at least 1), or 2048 (a quarter of Tomcat's default
		 * connection limit) if max-connections is not set either.
		 */
		private @Nullable Integer maxConnectionsPerAddress;

		/**
		 * Maximum rate at which one client address opens streams, a token bucket refilled
		 * at this rate per second and holding max-opens-burst tokens. Unlimited when not
		 * set.
		 */
		private @Nullable Integer maxOpensPerSecond;

		/**
		 * Number of streams one client address may open at once, beyond max-opens-per-second,
		 * when it opened none for a while.
		 */
		private int maxOpensBurst = 20;

		/**
		 * How a stream refused for load (a limit, the opening rate, the generation bounds,
		 * shutdown) is answered.
		 */
		private RefusalResponse refusal = RefusalResponse.RECONNECT;

		/**
		 * Delay before a client refused for load comes back: the Retry-After of a 503, or
		 * the middle of the random reconnection time (from half to one and a half times it)
		 * of a stream told to reconnect.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxConnectionsPerUser() {
			return this.maxConnectionsPerUser;
		}

		public void setMaxConnectionsPerUser(@Nullable Integer maxConnectionsPerUser) {
			this.maxConnectionsPerUser = maxConnectionsPerUser;
		}

		public @Nullable Integer getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(@Nullable Integer maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public @Nullable Integer getMaxOpensPerSecond() {
			return this.maxOpensPerSecond;
		}

		public void setMaxOpensPerSecond(@Nullable Integer maxOpensPerSecond) {
			this.maxOpensPerSecond = maxOpensPerSecond;
		}

		public int getMaxOpensBurst() {
			return this.maxOpensBurst;
		}

		public void setMaxOpensBurst(int maxOpensBurst) {
			this.maxOpensBurst = maxOpensBurst;
		}

		public RefusalResponse getRefusal() {
			return this.refusal;
		}

		public void setRefusal(RefusalResponse refusal) {
			this.refusal = refusal;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		/**
		 * How a stream refused for load is answered.
		 */
		public enum RefusalResponse {

			/**
			 * {@code 200 text/event-stream} with a random 'retry:' and an immediate end: a
			 * browser's EventSource reconnects by itself.
			 */
			RECONNECT,

			/**
			 * {@code 503} with Retry-After: a browser's EventSource gives up for good; for
			 * clients and load balancers that expect a status.
			 */
			STATUS

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
	 * Cluster mode: delivery to the streams of every instance and a shared replay
	 * history.
	 */
	public static class Cluster {

		/**
		 * How instances share events: not at all, or through Redis.
		 */
		private Mode mode = Mode.NONE;

		private final Redis redis = new Redis();

		public Mode getMode() {
			return this.mode;
		}

		public void setMode(Mode mode) {
			this.mode = mode;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * How instances share events.
		 */
		public enum Mode {

			/**
			 * Each instance delivers to its own streams only.
			 */
			NONE,

			/**
			 * Instances share events, event ids and the replay history through Redis.
			 */
			REDIS

		}

		/**
		 * Redis cluster mode.
		 */
		public static class Redis {

			/**
			 * Prefix of the Redis keys and of the pub/sub channel used by the cluster mode;
			 * instances with the same prefix share their events.
			 */
			private String keyPrefix = "eventsource:";

			/**
			 * Timeout of the commands the cluster mode sends to Redis, on connections of
			 * its own; an event that Redis has not published within it is published
			 * nowhere and kept in no history.
			 */
			private Duration timeout = Duration.ofSeconds(2);

			/**
			 * Maximum number of events waiting to be published to Redis (their bytes are
			 * bounded by 'eventsource.replay.max-total-bytes'); sends beyond it are not
			 * published.
			 */
			private int outboxSize = 10000;

			/**
			 * Interval at which each instance renews its presence in Redis; an instance
			 * that misses three is taken for gone.
			 */
			private Duration heartbeatInterval = Duration.ofSeconds(2);

			/**
			 * Time after which the streams of an instance that stopped renewing its
			 * presence in Redis (killed, cut off) are no longer counted.
			 */
			private Duration presenceExpiry = Duration.ofSeconds(30);

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public int getOutboxSize() {
				return this.outboxSize;
			}

			public void setOutboxSize(int outboxSize) {
				this.outboxSize = outboxSize;
			}

			public Duration getHeartbeatInterval() {
				return this.heartbeatInterval;
			}

			public void setHeartbeatInterval(Duration heartbeatInterval) {
				this.heartbeatInterval = heartbeatInterval;
			}

			public Duration getPresenceExpiry() {
				return this.presenceExpiry;
			}

			public void setPresenceExpiry(Duration presenceExpiry) {
				this.presenceExpiry = presenceExpiry;
			}

		}

	}

	/**
	 * Cross-origin access to the endpoints. No cross-origin request is allowed when
	 * neither allowed origins nor allowed origin patterns are set.
	 */
	public static class Cors {

		/**
		 * Origins allowed to open streams, such as 'https://example.com'. '*' allows all
		 * origins, without credentials.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to open streams, such as 'https://*.example.com'; unlike
		 * allowed origins, they may be combined with credentials.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Whether credentials (cookies) are sent along with cross-origin streams, for
		 * clients created with 'withCredentials: true'.
		 */
		private boolean allowCredentials;

		/**
		 * How long browsers may cache the response of a preflight request.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Presence: who is connected to a path or a group, and the presence events of
	 * endpoints with 'presence = true'.
	 */
	public static class Presence {

		/**
		 * Maximum number of members in the snapshot event a stream gets as it opens.
		 */
		private int maxMembers = 100;

		/**
		 * Name of the event with the snapshot of the path, sent to a stream as it opens.
		 */
		private String snapshotEvent = "presence";

		/**
		 * Name of the event sent to the streams of a path as a stream opens there.
		 */
		private String joinedEvent = "joined";

		/**
		 * Name of the event sent to the streams of a path as a stream there ends.
		 */
		private String leftEvent = "left";

		/**
		 * Number of streams of a path above which its members get the coalesced count
		 * event at most once per coalesce interval instead of one joined or left event
		 * per change.
		 */
		private int coalesceAbove = 100;

		/**
		 * Interval between two coalesced count events of a path above the threshold.
		 */
		private Duration coalesceInterval = Duration.ofSeconds(1);

		/**
		 * Name of the coalesced event with the counts of a path above the threshold.
		 */
		private String countEvent = "presence-count";

		public int getMaxMembers() {
			return this.maxMembers;
		}

		public void setMaxMembers(int maxMembers) {
			this.maxMembers = maxMembers;
		}

		public String getSnapshotEvent() {
			return this.snapshotEvent;
		}

		public void setSnapshotEvent(String snapshotEvent) {
			this.snapshotEvent = snapshotEvent;
		}

		public String getJoinedEvent() {
			return this.joinedEvent;
		}

		public void setJoinedEvent(String joinedEvent) {
			this.joinedEvent = joinedEvent;
		}

		public String getLeftEvent() {
			return this.leftEvent;
		}

		public void setLeftEvent(String leftEvent) {
			this.leftEvent = leftEvent;
		}

		public int getCoalesceAbove() {
			return this.coalesceAbove;
		}

		public void setCoalesceAbove(int coalesceAbove) {
			this.coalesceAbove = coalesceAbove;
		}

		public Duration getCoalesceInterval() {
			return this.coalesceInterval;
		}

		public void setCoalesceInterval(Duration coalesceInterval) {
			this.coalesceInterval = coalesceInterval;
		}

		public String getCountEvent() {
			return this.countEvent;
		}

		public void setCountEvent(String countEvent) {
			this.countEvent = countEvent;
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
