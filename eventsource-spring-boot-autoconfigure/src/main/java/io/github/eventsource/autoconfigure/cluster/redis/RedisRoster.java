package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.autoconfigure.cluster.redis.RedisPresenceLog.Change;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.Rosters;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.internal.StreamShutdown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;

/**
 * {@link PresenceTracker} of every instance that shares a Redis key prefix.
 * <p>
 * Sessions never wait for Redis: a change is applied to this instance's own members at
 * once and queued, and one thread applies the queue to Redis in order, in batches, and
 * renews the presence of this instance at every renewal interval. An announced change
 * is published by Redis in the same step, so every instance gets the {@code joined} and
 * {@code left} events in the order of the changes, each with the count right after it;
 * a joining stream gets its snapshot with its own {@code joined} event, after the events
 * of the earlier changes, which it supersedes.
 * <p>
 * When a change may not have reached Redis (it failed, timed out, or the queue was full),
 * or the presence of this instance expired, the next renewal replaces every member of
 * this instance in Redis with those it has: so Redis holds no ghost of this instance for
 * longer than an outage. The members of an instance that stopped renewing are removed
 * once the expiry passed, with their {@code left} events.
 * <p>
 * Thread-safe.
 */
final class RedisRoster implements PresenceTracker, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisRoster.class);

	private static final int MAX_BATCH = 256;

	private final String instance;

	private final RedisPresenceLog log;

	private final PresenceAnnouncer announcer;

	private final Duration expiry;

	private final long renewalNanos;

	private final Clock clock;

	private final BlockingQueue<Change> queue;

	private final ReentrantLock lock = new ReentrantLock();

	private final Rosters rosters = new Rosters();

	private final Set<Target> announced = new HashSet<>();

	private final Thread worker;

	private volatile boolean stopped;

	private volatile boolean resync;

	private volatile boolean applying;

	/**
	 * Create a roster.
	 * @param instance the id of this instance
	 * @param log the Redis side
	 * @param announcer writes the presence events to the streams of this instance
	 * @param expiry how long the presence of this instance lasts without renewal
	 * @param renewal the renewal interval, shorter than the expiry
	 * @param capacity the maximum number of changes waiting for Redis
	 * @param clock stamps the time members joined
	 */
	RedisRoster(String instance, RedisPresenceLog log, PresenceAnnouncer announcer, Duration expiry,
			Duration renewal, int capacity, Clock clock) {
		this.instance = instance;
		this.log = log;
		this.announcer = announcer;
		this.expiry = expiry;
		this.renewalNanos = Math.max(1, Math.min(renewal.toNanos(), expiry.toNanos() / 3));
		this.clock = clock;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.worker = new Thread(this::workUntilStopped, "eventsource-redis-roster");
		this.worker.setDaemon(true);
	}

	@Override
	public void join(Target target, String session, @Nullable String user, boolean announce) {
		Instant since = this.clock.instant();
		this.lock.lock();
		try {
			if (this.rosters.add(target, new Member(session, user, this.instance, since)) > 0) {
				if (announce) {
					this.announced.add(target);
				}
				offer(new Change(true, target, session, user, since, announce));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void leave(Target target, String session, boolean announce) {
		this.lock.lock();
		try {
			Member member = this.rosters.remove(target, session);
			if (member != null) {
				if (this.rosters.count(target) == 0) {
					this.announced.remove(target);
				}
				offer(new Change(false, target, session, member.user(), member.since(), announce));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public Snapshot ofPath(String path, int maxMembers) {
		return this.log.read(Target.path(path), maxMembers);
	}

	@Override
	public Snapshot ofGroup(String group, int maxMembers) {
		return this.log.read(Target.group(group), maxMembers);
	}

	/**
	 * Return the largest paths or groups of every instance, as Redis tells them.
	 * @param kind {@link Kind#PATH} or {@link Kind#GROUP}
	 * @param limit the maximum number of targets
	 * @return the targets, largest first; none while Redis cannot be reached, so that
	 * the Actuator endpoint still reports the rest
	 */
	@Override
	public List<TargetSize> largest(Kind kind, int limit) {
		try {
			return this.log.largest(kind, limit);
		}
		catch (DataAccessException ex) {
			logger.debug(LogMessage.format("Could not read the largest targets of kind %s from Redis: %s", kind, ex));
			return List.of();
		}
	}

	@Override
	public int localTargets() {
		this.lock.lock();
		try {
			return this.rosters.targets();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long localMemberships() {
		this.lock.lock();
		try {
			return this.rosters.memberships();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Write the events of an announced change, published by any instance, to the
	 * streams of this instance. Called on the subscription's one thread, in publish
	 * order.
	 * @param message a message of kind {@link RedisPresenceLog#PRESENCE}
	 */
	void receive(ClusterMessage message) {
		String[] lines = new String(message.frame(), StandardCharsets.UTF_8).split("\n", -1);
		String session = lines[1];
		int count = Integer.parseInt(lines[2]);
		String user = RedisPresenceLog.user(lines[4]);
		if ("l".equals(lines[0])) {
			this.announcer.left(message.name(), session, user, count);
			return;
		}
		if (this.instance.equals(message.origin())) {
			int size = Integer.parseInt(lines[5]);
			List<Member> members = new ArrayList<>(size);
			for (int i = 6; i + 3 < lines.length && members.size() < size; i += 4) {
				members.add(new Member(lines[i], RedisPresenceLog.user(lines[i + 3]), lines[i + 1],
						Instant.ofEpochMilli(Long.parseLong(lines[i + 2]))));
			}
			this.announcer.snapshot(session, new Snapshot(count, Integer.parseInt(lines[3]), members));
		}
		this.announcer.joined(message.name(), session, user, count);
	}

	/**
	 * Renew the presence of this instance now, and replace its members in Redis if a
	 * change may have been lost or the presence expired: the streams of announced paths
	 * then get a fresh snapshot. Called on the worker thread only.
	 */
	private void renew() {
		try {
			if (this.log.renew(this.expiry) || this.resync) {
				this.resync = false;
				this.log.resync();
				List<Change> members = new ArrayList<>();
				this.lock.lock();
				try {
					this.rosters.forEach((target, member) -> members.add(new Change(true, target, member.session(),
							member.user(), member.since(), this.announced.contains(target))));
				}
				finally {
					this.lock.unlock();
				}
				for (int from = 0; from < members.size(); from += MAX_BATCH) {
					apply(members.subList(from, Math.min(members.size(), from + MAX_BATCH)));
				}
			}
		}
		catch (RuntimeException ex) {
			this.resync = true;
			logger.debug(LogMessage.format("Could not renew the presence of instance %s in Redis: %s", this.instance,
					ex));
		}
	}

	@Override
	public void start() {
		this.worker.start();
	}

	@Override
	public void stop() {
		this.stopped = true;
		if (!this.applying) {
			// waiting for changes, not in a call to Redis, which is left to finish
			this.worker.interrupt();
		}
		try {
			this.worker.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.log.leave();
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not remove the members of instance %s from Redis: %s",
					this.instance, ex));
		}
	}

	@Override
	public boolean isRunning() {
		return this.worker.isAlive();
	}

	/**
	 * Stop after the streams are closed on shutdown, so that their members leave first.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return StreamShutdown.PHASE - 1;
	}

	private void offer(Change change) {
		if (this.stopped || !this.queue.offer(change)) {
			// the next renewal puts Redis right
			this.resync = true;
		}
	}

	private void workUntilStopped() {
		List<Change> batch = new ArrayList<>(MAX_BATCH);
		long nextRenewal = System.nanoTime();
		while (!this.stopped) {
			long wait = nextRenewal - System.nanoTime();
			if (wait <= 0) {
				this.applying = true;
				renew();
				this.applying = false;
				nextRenewal = System.nanoTime() + this.renewalNanos;
				continue;
			}
			try {
				Change change = this.queue.poll(wait, TimeUnit.NANOSECONDS);
				if (change != null) {
					batch.add(change);
					this.queue.drainTo(batch, MAX_BATCH - 1);
				}
			}
			catch (InterruptedException ex) {
				this.queue.drainTo(batch);
			}
			this.applying = true;
			apply(batch);
			batch.clear();
			this.applying = false;
		}
	}

	private void apply(List<Change> changes) {
		if (changes.isEmpty()) {
			return;
		}
		try {
			this.log.change(changes, this.announcer.settings().maxMembers());
		}
		catch (RuntimeException ex) {
			this.resync = true;
			logger.warn(LogMessage.format(
					"Could not apply %d presence changes in Redis: the presence of instance %s is put right at the next renewal (%s)",
					changes.size(), this.instance, ex));
		}
	}

}
