package io.github.eventsource.autoconfigure.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.eventsource.autoconfigure.cluster.redis.RedisPresenceLog.Change;
import io.github.eventsource.autoconfigure.cluster.redis.RedisPresenceLog.Held;
import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.PresenceRoom;
import io.github.eventsource.broadcast.internal.Target;
import io.github.eventsource.core.internal.StreamShutdown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;

/**
 * {@link PresenceTracker} of every instance that shares a Redis key prefix.
 * <p>
 * Sessions never wait for Redis: a change is applied to this instance's own
 * {@link PresenceRoom room} of the target at once, and queued under that room's lock (so
 * the queue has the changes of a target in their order); one thread applies the queue to
 * Redis in order, in batches, and renews the presence of this instance at every renewal
 * interval. An announced change is published by Redis in the same step, so every instance
 * gets the changes in one order, each with the count right after it; each instance's
 * room announces them to its streams in that order (coalesced above the threshold, as on
 * one instance); a joining stream gets its snapshot with its own {@code joined} message,
 * after the events of the earlier changes, which it supersedes.
 * <p>
 * When a change may not have reached Redis (it failed, timed out, or the queue was full),
 * or the presence of this instance expired, or Redis lost its data, the next renewal puts
 * this instance's members in Redis by difference: members still there are left alone and
 * not announced, missing ones are added (announced if the others were not told of them,
 * or were told they left as the instance expired), and those no longer here are removed
 * and announced. So Redis holds no ghost of this instance for longer than an outage, and
 * an outage that ends before the expiry announces nothing for members that stayed. The
 * members of an instance that stopped renewing are removed once the expiry passed, with
 * one {@code left} event each.
 * <p>
 * Thread-safe.
 */
final class RedisRoster extends PresenceTracker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisRoster.class);

	private static final int MAX_BATCH = 256;

	private final RedisPresenceLog log;

	private final int maxMembers;

	private final Duration expiry;

	private final long renewalNanos;

	private final BlockingQueue<Change> queue;

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
		super(instance, announcer, clock);
		this.log = log;
		this.maxMembers = announcer.settings().maxMembers();
		this.expiry = expiry;
		this.renewalNanos = Math.max(1, Math.min(renewal.toNanos(), expiry.toNanos() / 3));
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.worker = new Thread(this::workUntilStopped, "eventsource-redis-roster");
		this.worker.setDaemon(true);
	}

	/**
	 * Queue a change of a member of this instance for Redis, which publishes it to every
	 * instance to announce; called under the lock of its room, so that the queue has the
	 * changes of a room in their order.
	 */
	@Override
	protected void changedHere(PresenceRoom room, boolean joined, String session, Member member, boolean announce) {
		offer(new Change(joined, room.target(), session, member.id(), member.user(), member.since(), announce));
	}

	/**
	 * Send the coalesced announcements of the rooms that changed; a room back under the
	 * threshold gets a fresh snapshot read from Redis (on the calling thread, the
	 * coalescing task's own), or, while Redis cannot be reached, waits for the next
	 * interval.
	 */
	@Override
	public void announceCounts() {
		try {
			announceCounts((room) -> this.log.read(room.target(), this.maxMembers));
		}
		catch (DataAccessException ex) {
			logger.debug(LogMessage.format("Could not read a presence snapshot from Redis: %s", ex));
		}
	}

	/**
	 * Read the counts and the first members of a path or group of every instance from
	 * Redis, in one round trip.
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
	 */
	@Override
	protected Snapshot snapshot(Target target, int maxMembers) {
		return this.log.read(target, maxMembers);
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

	/**
	 * Announce a change of an announced path, published by any instance, to the streams
	 * of this instance, through the room of the path (coalesced above the threshold).
	 * Called on the subscription's one thread, in publish order.
	 * @param message a message of kind {@link RedisPresenceLog#PRESENCE}
	 */
	void receive(ClusterMessage message) {
		PresenceRoom room = room(Target.path(message.name()));
		if (room == null) {
			// no stream of this instance is there
			return;
		}
		String[] lines = new String(message.frame(), StandardCharsets.UTF_8).split("\n", -1);
		boolean joined = !"l".equals(lines[0]);
		String id = lines[1];
		int count = Integer.parseInt(lines[2]);
		int users = Integer.parseInt(lines[3]);
		String user = RedisPresenceLog.user(lines[4]);
		if (!joined || !instance().equals(message.origin())) {
			room.changedElsewhere(joined, id, user, count, users, null, null);
			return;
		}
		int size = Integer.parseInt(lines[6]);
		List<Member> members = new ArrayList<>(size);
		for (int i = 7; i + 3 < lines.length && members.size() < size; i += 4) {
			members.add(new Member(lines[i], RedisPresenceLog.user(lines[i + 3]), lines[i + 1],
					Instant.ofEpochMilli(Long.parseLong(lines[i + 2]))));
		}
		room.changedElsewhere(true, id, user, count, users, lines[5], new Snapshot(count, users, members));
	}

	/**
	 * Renew the presence of this instance now, and put its members in Redis by
	 * difference if a change may have been lost, the presence expired or Redis lost its
	 * data. Called on the worker thread only.
	 */
	private void renew() {
		try {
			if (this.log.renew(this.expiry) || this.resync) {
				this.resync = false;
				List<Held> members = new ArrayList<>();
				forEachRoom((room) -> room.forEach((session, member, announce, told) -> members
					.add(new Held(new Change(true, room.target(), session, member.id(), member.user(),
							member.since(), announce), told))));
				this.log.resync(members, MAX_BATCH, this.maxMembers);
				members.forEach((held) -> confirm(held.member()));
			}
		}
		catch (RuntimeException ex) {
			this.resync = true;
			logger.debug(LogMessage.format("Could not renew the presence of instance %s in Redis: %s", instance(),
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
					instance(), ex));
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

	private void confirm(Change join) {
		PresenceRoom room = room(join.target());
		if (room != null) {
			room.confirm(join.session());
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
			this.log.change(changes, this.maxMembers);
			changes.stream().filter(Change::join).forEach(this::confirm);
		}
		catch (RuntimeException ex) {
			this.resync = true;
			logger.warn(LogMessage.format(
					"Could not apply %d presence changes in Redis: the presence of instance %s is put right at the next renewal (%s)",
					changes.size(), instance(), ex));
		}
	}

}
