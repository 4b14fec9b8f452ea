package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
 * retried from the same position, so a lost connection delays events and loses none. An
 * instance that falls behind the log's bounds (see
 * {@link RedisEventLog#deliveryLogBounds()}) misses the events trimmed before it read
 * them: it finds out when it reads a full batch, reads first or again after a failure,
 * and logs a warning.
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
	 * Whether the next read is the first, or follows a failure: events may have been
	 * trimmed before this instance read them.
	 */
	private boolean unsure = true;

	private final AtomicLong gaps = new AtomicLong();

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
		this(log, outage, consumer, block, retryInterval, -1);
	}

	/**
	 * Create a reader that starts after a given position.
	 * @param log the log to read
	 * @param outage told when reads fail and succeed
	 * @param consumer takes every entry, on the reader's thread
	 * @param block how long one read waits for an entry: less than the command timeout
	 * @param retryInterval how long to wait after a failed read
	 * @param from the position to read after, or {@code -1} for the end of the log
	 */
	RedisLogReader(RedisEventLog log, RedisOutage outage, Consumer<RedisEventLog.Entry> consumer, Duration block,
			Duration retryInterval, long from) {
		this.log = log;
		this.outage = outage;
		this.consumer = consumer;
		this.block = block;
		this.retryInterval = retryInterval;
		this.position = from;
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

	/**
	 * Return how many times this instance found events trimmed from the delivery log
	 * before it read them.
	 * @return the number of gaps
	 */
	long gaps() {
		return this.gaps.get();
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
				long from = this.position;
				List<RedisEventLog.Entry> entries = this.log.read(this.connection, from, COUNT, this.block);
				this.outage.succeeded();
				if (entries.size() == COUNT || this.unsure) {
					// behind, starting, or back from a failure: were events trimmed unread?
					checkTrimmed(from);
				}
				this.unsure = false;
				for (RedisEventLog.Entry entry : entries) {
					deliver(entry);
				}
			}
			catch (RuntimeException ex) {
				closeConnection();
				this.unsure = true;
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

	private void checkTrimmed(long from) {
		long trimmed = this.log.trimmed();
		if (trimmed > from) {
			this.gaps.incrementAndGet();
			logger.warn(LogMessage.format("This instance fell behind the Redis delivery log: the events appended "
					+ "after position %d up to %d were trimmed before it read them and reach none of its streams",
					from, trimmed));
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
