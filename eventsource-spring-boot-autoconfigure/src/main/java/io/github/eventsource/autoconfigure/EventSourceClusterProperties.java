package io.github.eventsource.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cluster mode: delivery to the streams of every instance and a shared replay
 * history.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.cluster")
public class EventSourceClusterProperties {

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
