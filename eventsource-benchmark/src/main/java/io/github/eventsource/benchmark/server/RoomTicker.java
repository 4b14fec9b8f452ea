package io.github.eventsource.benchmark.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Posts the benchmark's events to many rooms at a steady total rate from several sender
 * threads, each event to the streams of one room only (W8, "many rooms").
 * <p>
 * Each room belongs to one sender (room {@code r} to sender {@code r mod senders}), so
 * that a room's posts are sent in order, one at a time, as a room's posts would be; the
 * rooms are posted to in passes, and a pass over every room is one id: every room is
 * sent the same ids in increasing order, the first pass of a run numbered after the
 * last pass of the one before. Each sender is a periodic task of one scheduled pool (as
 * many threads as senders) that posts to its rooms in turn at a fixed rate, its share
 * of the total in proportion to its rooms, so that every sender's pass takes the same
 * time and the senders stay in step; their starts are staggered so that posts are
 * spread evenly over time. Stopping lets the pass in progress complete on every
 * sender, so that every room was sent the same last id. The data is stamped with the
 * send time of each post, as the {@link BroadcastTicker}'s.
 */
public class RoomTicker implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RoomTicker.class);

	private static final long STOP_TIMEOUT_SECONDS = 30;

	private final Broadcaster broadcaster;

	private final Clock clock;

	/**
	 * Guards the passes the senders start and complete, and the last pass to send.
	 */
	private final Object passLock = new Object();

	private final AtomicLong posted = new AtomicLong();

	private long lastPass;

	private int sendersToComplete;

	private CompletableFuture<Void> lastPassCompleted = new CompletableFuture<>();

	private List<Sender> senders = List.of();

	private long passesDone;

	private long postsDone;

	private @Nullable ScheduledExecutorService pool;

	/**
	 * Create a ticker.
	 * @param broadcaster sends each post to its room
	 * @param clock the send time's clock
	 */
	public RoomTicker(Broadcaster broadcaster, Clock clock) {
		this.broadcaster = broadcaster;
		this.clock = clock;
	}

	/**
	 * Start posting, after stopping a run in progress.
	 * @param rooms the number of rooms, named {@code 0} to {@code rooms - 1}
	 * @param postsPerSecond the posts per second of all senders together
	 * @param senderThreads the number of sender threads, at most one per room
	 * @return the statistics as the run starts, whose {@link Stats#passes()} is the id
	 * before the run's first
	 * @throws InterruptedException if interrupted while stopping a run in progress
	 * @throws ExecutionException if stopping a run in progress failed
	 * @throws TimeoutException if a run in progress did not complete its pass in 30 s
	 */
	public synchronized Stats start(int rooms, double postsPerSecond, int senderThreads)
			throws InterruptedException, ExecutionException, TimeoutException {
		if (rooms < 1 || senderThreads < 1 || postsPerSecond <= 0) {
			throw new IllegalArgumentException("rooms, senders and posts per second must be positive");
		}
		stop();
		int count = Math.min(senderThreads, rooms);
		long firstId = this.passesDone + 1;
		List<Sender> created = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(new Sender(i, count, rooms, firstId));
		}
		synchronized (this.passLock) {
			this.lastPass = Long.MAX_VALUE;
			this.lastPassCompleted = new CompletableFuture<>();
			this.senders = created;
		}
		this.posted.set(0);
		double passNanos = rooms * 1e9 / postsPerSecond;
		ScheduledExecutorService started = Executors.newScheduledThreadPool(count,
				new CustomizableThreadFactory("benchmark-room-sender-"));
		for (Sender sender : created) {
			long period = Math.max(1, Math.round(passNanos / sender.rooms.length));
			started.scheduleAtFixedRate(sender::postNext, Math.round(sender.index * passNanos / rooms), period,
					TimeUnit.NANOSECONDS);
		}
		this.pool = started;
		return stats();
	}

	/**
	 * Stop posting once every sender has completed the pass in progress; nothing if not
	 * running.
	 * @return the statistics after the last post, whose {@link Stats#passes()} is the
	 * last id every room was sent
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if the wait failed
	 * @throws TimeoutException if the pass did not complete in 30 s
	 */
	public synchronized Stats stop() throws InterruptedException, ExecutionException, TimeoutException {
		ScheduledExecutorService running = this.pool;
		if (running == null) {
			return stats();
		}
		long last;
		CompletableFuture<Void> done;
		synchronized (this.passLock) {
			last = this.senders.stream().mapToLong((sender) -> sender.started).max().orElse(this.passesDone);
			this.lastPass = last;
			this.sendersToComplete = (int) this.senders.stream().filter((sender) -> sender.completed < last).count();
			done = this.lastPassCompleted;
			if (this.sendersToComplete == 0) {
				done.complete(null);
			}
		}
		try {
			done.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		finally {
			running.shutdownNow();
			this.pool = null;
			this.postsDone += this.posted.get();
			this.passesDone = Math.max(this.passesDone, last);
		}
		return stats();
	}

	/**
	 * Return the passes completed and the posts sent so far.
	 * @return the statistics
	 */
	public synchronized Stats stats() {
		return new Stats(this.passesDone, this.postsDone + ((this.pool != null) ? this.posted.get() : 0));
	}

	@Override
	public synchronized void destroy() {
		if (this.pool != null) {
			this.pool.shutdownNow();
		}
	}

	/**
	 * One sender: its rooms, posted to in turn, and the passes it started and completed.
	 */
	private final class Sender {

		private final int index;

		private final String[] rooms;

		private final long firstId;

		private long posts;

		/** Guarded by {@link RoomTicker#passLock}. */
		private long started;

		/** Guarded by {@link RoomTicker#passLock}. */
		private long completed;

		Sender(int index, int senders, int rooms, long firstId) {
			this.index = index;
			this.rooms = new String[(rooms - index + senders - 1) / senders];
			for (int i = 0; i < this.rooms.length; i++) {
				this.rooms[i] = String.valueOf(index + i * senders);
			}
			this.firstId = firstId;
			this.started = firstId - 1;
			this.completed = firstId - 1;
		}

		/**
		 * Post to the next room, the sender's periodic task: it must not throw, or the
		 * pool would silently cancel it.
		 */
		void postNext() {
			int turn = (int) (this.posts % this.rooms.length);
			long id = this.firstId + this.posts / this.rooms.length;
			if (turn == 0 && !startPass(id)) {
				return;
			}
			this.posts++;
			try {
				RoomTicker.this.broadcaster.post(this.rooms[turn], id,
						EventData.stamped(RoomTicker.this.clock.instant(), id, 0));
			}
			catch (RuntimeException ex) {
				logger.warn(LogMessage.format("Post %d to room %s failed", id, this.rooms[turn]), ex);
			}
			RoomTicker.this.posted.incrementAndGet();
			if (turn == this.rooms.length - 1) {
				completePass(id);
			}
		}

		private boolean startPass(long id) {
			synchronized (RoomTicker.this.passLock) {
				if (id > RoomTicker.this.lastPass) {
					return false;
				}
				this.started = id;
				return true;
			}
		}

		private void completePass(long id) {
			synchronized (RoomTicker.this.passLock) {
				this.completed = id;
				if (id == RoomTicker.this.lastPass && --RoomTicker.this.sendersToComplete == 0) {
					RoomTicker.this.lastPassCompleted.complete(null);
				}
			}
		}

	}

	/**
	 * What the room ticker sent.
	 *
	 * @param passes the passes over every room completed, also the last id every room
	 * was sent
	 * @param posts the posts sent, each to one room
	 */
	public record Stats(long passes, long posts) {

	}

}
