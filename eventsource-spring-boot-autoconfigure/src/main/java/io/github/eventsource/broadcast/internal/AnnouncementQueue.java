package io.github.eventsource.broadcast.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * The announcements of one {@link PresenceRoom}, written in the order they were queued by
 * one thread at a time: the thread that finds the queue idle writes up to its own
 * announcements and hands the rest to an executor, which writes until the queue is empty;
 * threads that find it busy leave their announcements to the writer. So no caller is kept
 * writing the announcements of others, and an announcement whose write ends a stream
 * that queues again never nests in it.
 * <p>
 * Thread-safe; {@link #add} is called under the room's lock, so that the numbers follow
 * the order of the room's changes.
 */
final class AnnouncementQueue {

	private static final Log logger = LogFactory.getLog(AnnouncementQueue.class);

	private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger writers = new AtomicInteger();

	private final Object owner;

	private final Executor handOff;

	private final Runnable idle;

	private long added;

	/**
	 * Create a queue.
	 * @param owner what the announcements are of, for the log
	 * @param handOff writes the announcements queued behind a caller's own
	 * @param idle called by the writer each time it leaves the queue empty
	 */
	AnnouncementQueue(Object owner, Executor handOff, Runnable idle) {
		this.owner = owner;
		this.handOff = handOff;
		this.idle = idle;
	}

	/**
	 * Queue an announcement; called under the owner's lock.
	 * @param announcement writes the events
	 * @return the number of the announcement, for {@link #write}
	 */
	long add(Runnable announcement) {
		this.queue.add(new Queued(++this.added, announcement));
		return this.added;
	}

	/**
	 * Return the number of the last announcement queued; called under the owner's lock.
	 * @return the number, zero if none was ever queued
	 */
	long last() {
		return this.added;
	}

	/**
	 * Return whether nothing waits to be written.
	 * @return whether the queue is empty
	 */
	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * Write the queued announcements, unless another thread is: on the calling thread
	 * those up to the caller's own, the rest on the hand-off executor.
	 * @param mine the number of the caller's last announcement
	 */
	void write(long mine) {
		if (this.writers.getAndIncrement() == 0) {
			write(mine, 1);
		}
	}

	private void write(long limit, int owed) {
		int missed = owed;
		do {
			Queued next;
			while ((next = this.queue.peek()) != null) {
				if (next.number() > limit) {
					int handedOver = missed;
					this.handOff.execute(() -> write(Long.MAX_VALUE, handedOver));
					return;
				}
				this.queue.poll();
				announce(next.announcement());
			}
			missed = this.writers.addAndGet(-missed);
		}
		while (missed != 0);
		this.idle.run();
	}

	private void announce(Runnable announcement) {
		try {
			announcement.run();
		}
		catch (Throwable ex) {
			// the writer goes on with the next announcement: a queue whose writer stopped
			// would never announce again
			logger.warn(LogMessage.format("Could not announce a presence change of %s", this.owner), ex);
		}
	}

	private record Queued(long number, Runnable announcement) {
	}

}
