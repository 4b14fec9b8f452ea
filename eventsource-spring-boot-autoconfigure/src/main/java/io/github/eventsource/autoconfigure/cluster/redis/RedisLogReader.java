package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.RedisConnection;

/**
 * Reads the cluster's delivery log from the last position this instance delivered, with
 * blocking reads of a bounded number of entries, and hands every entry, in the order of
 * the log, to its consumer: the one path by which events reach the streams of this
 * instance in cluster mode. A read that fails (Redis unreachable, restarted or slow) is
 * retried from the same position, so a lost connection delays events and loses none.
 * <p>
 * It starts at the end of the log as it is when the instance starts, and reads on a
 * connection of its own, replaced after a failure. Its one thread is the only one that
 * waits for these reads; nothing else waits for it.
 */
final class RedisLogReader implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisLogReader.class);

	private static final int COUNT = 64;

	private final RedisEventLog log;

	private final RedisOutage outage;

	private final Consumer<RedisEventLog.Entry> consumer;

	private final Duration block;

	private final Duration retryInterval;

	private final Thread reader;

	private volatile boolean running;

	private volatile long position = -1;

	private @Nullable RedisConnection connection;

	/**
	 * Create a reader.
	 * @param log the log to read
	 * @param outage told when reads fail and succeed
	 * @param consumer takes every entry, on the reader's thread
	 * @param block how long one read waits for an entry: less than the command timeout
	 * @param retryInterval how long to wait after a failed read
	 */
	RedisLogReader(RedisEventLog log, RedisOutage outage, Consumer<RedisEventLog.Entry> consumer, Duration block,
			Duration retryInterval) {
		this.log = log;
		this.outage = outage;
		this.consumer = consumer;
		this.block = block;
		this.retryInterval = retryInterval;
		this.reader = new Thread(this::readUntilStopped, "eventsource-redis-reader");
		this.reader.setDaemon(true);
	}

	/**
	 * Return the position of the last entry this instance delivered.
	 * @return the position, or {@code -1} before the reader found the end of the log
	 */
	long position() {
		return this.position;
	}

	@Override
	public void start() {
		this.running = true;
		this.reader.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.reader.interrupt();
		try {
			this.reader.join(this.block.toMillis() + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void readUntilStopped() {
		while (this.running) {
			try {
				if (this.position < 0) {
					this.position = this.log.end();
				}
				if (this.connection == null) {
					this.connection = this.log.openConnection();
				}
				List<RedisEventLog.Entry> entries = this.log.read(this.connection, this.position, COUNT, this.block);
				this.outage.succeeded();
				for (RedisEventLog.Entry entry : entries) {
					deliver(entry);
				}
			}
			catch (RuntimeException ex) {
				closeConnection();
				if (!this.running) {
					return;
				}
				this.outage.readFailed(String.valueOf(ex));
				if (!pause()) {
					return;
				}
			}
		}
		closeConnection();
	}

	private void closeConnection() {
		RedisConnection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Closing the connection of the delivery log's reader failed", ex);
			}
		}
	}

	private void deliver(RedisEventLog.Entry entry) {
		this.position = entry.position();
		try {
			this.consumer.accept(entry);
		}
		catch (RuntimeException ex) {
			logger.error(LogMessage.format("Delivering the event at position %d of %s failed", entry.position(),
					entry.name()), ex);
		}
	}

	private boolean pause() {
		try {
			Thread.sleep(this.retryInterval.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

}
