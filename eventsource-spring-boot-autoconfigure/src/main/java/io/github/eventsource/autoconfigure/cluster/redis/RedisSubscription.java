package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Starts the listener container of the cluster mode, retrying in the background while
 * Redis cannot be reached, so that an instance also starts during a Redis outage. Once
 * subscribed, the container and Lettuce resubscribe by themselves after a connection loss.
 */
final class RedisSubscription implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisSubscription.class);

	private final RedisMessageListenerContainer container;

	private final String channel;

	private final Duration retryInterval;

	private final ScheduledExecutorService retries = Executors
		.newSingleThreadScheduledExecutor(daemonThreads("eventsource-redis-subscription-"));

	private volatile boolean running;

	private volatile boolean failed;

	RedisSubscription(RedisMessageListenerContainer container, String channel, Duration retryInterval) {
		this.container = container;
		this.channel = channel;
		this.retryInterval = retryInterval;
	}

	@Override
	public void start() {
		this.running = true;
		subscribe();
	}

	@Override
	public void stop() {
		this.running = false;
		this.retries.shutdownNow();
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.container.getPhase();
	}

	private void subscribe() {
		if (!this.running) {
			return;
		}
		try {
			this.container.start();
			if (this.failed) {
				this.failed = false;
				logger.info(LogMessage.format("Subscribed to Redis channel '%s'", this.channel));
			}
		}
		catch (DataAccessException ex) {
			if (!this.failed) {
				this.failed = true;
				logger.warn(LogMessage.format("Redis is unreachable: subscribing to channel '%s' in the background (%s)",
						this.channel, ex.getMostSpecificCause()));
			}
			this.container.stop();
			this.retries.schedule(this::subscribe, this.retryInterval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
