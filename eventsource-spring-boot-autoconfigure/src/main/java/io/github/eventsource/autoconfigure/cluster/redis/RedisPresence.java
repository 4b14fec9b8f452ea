package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The presence of this instance in Redis, renewed at every heartbeat: an entry that
 * expires after three missed heartbeats, so that an instance that dies without a word
 * (killed, cut off) is forgotten by the others. Each heartbeat also counts the instances
 * alive and their streams, and measures Redis' clock for the {@link RedisClock}.
 * <p>
 * Thread-safe.
 */
final class RedisPresence implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisPresence.class);

	private static final int MISSED_HEARTBEATS = 3;

	private final String instance;

	private final RedisEventLog log;

	private final RedisClock clock;

	private final IntSupplier streams;

	private final Duration interval;

	private final ScheduledExecutorService heartbeats = Executors
		.newSingleThreadScheduledExecutor(daemonThreads("eventsource-redis-presence-"));

	private volatile RedisEventLog.Presence last = new RedisEventLog.Presence(0, 0, 0);

	private volatile boolean running;

	/**
	 * Create a presence.
	 * @param instance the id of this instance
	 * @param log the Redis side
	 * @param clock told Redis' time
	 * @param streams the number of open streams of this instance
	 * @param interval the heartbeat interval
	 */
	RedisPresence(String instance, RedisEventLog log, RedisClock clock, IntSupplier streams, Duration interval) {
		this.instance = instance;
		this.log = log;
		this.clock = clock;
		this.streams = streams;
		this.interval = interval;
	}

	/**
	 * Return the number of instances alive at the last heartbeat, this one included.
	 * @return the number of instances, zero before the first heartbeat
	 */
	int instances() {
		return this.last.instances();
	}

	/**
	 * Return the number of open streams of the instances alive at the last heartbeat.
	 * @return the number of streams
	 */
	long streams() {
		return this.last.streams();
	}

	/**
	 * Renew the presence now.
	 */
	void heartbeat() {
		try {
			long sent = RedisClock.localMicros();
			RedisEventLog.Presence presence = this.log.heartbeat(this.instance, this.streams.getAsInt(),
					this.interval.multipliedBy(MISSED_HEARTBEATS));
			this.clock.measured(presence.redisMicros(), sent, RedisClock.localMicros());
			this.last = presence;
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not renew the presence of instance %s in Redis: %s", this.instance,
					ex));
		}
	}

	@Override
	public void start() {
		this.running = true;
		long millis = this.interval.toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.heartbeats.shutdownNow();
		try {
			this.log.leave(this.instance);
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not remove the presence of instance %s from Redis: %s",
					this.instance, ex));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
