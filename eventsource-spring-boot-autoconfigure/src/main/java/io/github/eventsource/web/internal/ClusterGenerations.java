package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.eventsource.core.EventSourceEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The generations of this instance as the instances of a cluster share them through the
 * {@link GenerationMirror}: the first instance to claim a path runs its generation,
 * appends its events to the mirror and renews its claim every second; every other
 * instance follows that generation, reading what was appended every 100 ms (all followed
 * generations in one read), so that its streams resume it like those of the instance that
 * runs it, and ends it with the error event when that instance is lost. A stream whose
 * claim Redis does not answer is refused ({@link Unclaimed}): a source never runs twice.
 * A generation run here is cancelled only when no stream of any instance listened to it
 * for the grace period.
 * <p>
 * Thread-safe. A scheduler thread of its own follows and renews, as it waits on Redis
 * (never the heartbeat's); a round that throws anything is logged and the next one runs
 * at its time; it stops on {@link #close()}.
 */
final class ClusterGenerations {

	private static final Log logger = LogFactory.getLog(ClusterGenerations.class);

	/**
	 * How often the generations other instances run are read for what they appended.
	 */
	private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(100);

	/**
	 * How often an instance says that its streams listen to the generations it follows,
	 * and renews the claims of those it runs.
	 */
	private static final Duration LISTENED_PERIOD = Duration.ofSeconds(1);

	/**
	 * How long the renewals of a followed generation may stand still, while Redis answers
	 * this instance promptly, before its instance is taken for dead.
	 */
	private static final Duration SILENCE = Duration.ofSeconds(5);

	/**
	 * The longest a read of a followed generation may take to count as prompt.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(1);

	private final GenerationMirror mirror;

	private final Duration grace;

	private final Supplier<List<Generation>> generations;

	private final Consumer<Generation> forget;

	private final Map<Generation, FollowedGeneration> followed = new ConcurrentHashMap<>();

	private final ThreadPoolTaskScheduler follower = new ThreadPoolTaskScheduler();

	/**
	 * The rounds of following so far; used by the follower's thread only.
	 */
	private long rounds;

	/**
	 * Create the cluster side of the generations and start following.
	 * @param mirror where generations are shared with the other instances
	 * @param grace how long a generation runs without a stream
	 * @param generations returns every generation of this instance, running or kept
	 * @param forget forgets a followed generation whose instance was lost, and
	 * {@link #unfollow unfollows} it, so that the next stream of its path starts anew
	 */
	ClusterGenerations(GenerationMirror mirror, Duration grace, Supplier<List<Generation>> generations,
			Consumer<Generation> forget) {
		this.mirror = mirror;
		this.grace = grace;
		this.generations = generations;
		this.forget = forget;
		this.follower.setThreadNamePrefix("eventsource-generations-");
		this.follower.setDaemon(true);
		this.follower.setErrorHandler((ex) -> logger
			.error("Following the generations of other instances failed; the next round runs at its time", ex));
		this.follower.initialize();
		this.follower.scheduleWithFixedDelay(this::followAll,
				this.follower.getClock().instant().plus(FOLLOW_INTERVAL), FOLLOW_INTERVAL);
	}

	/**
	 * Return the mirror that a generation run here tells of its events and its end.
	 * @return the mirror
	 */
	GenerationMirror mirror() {
		return this.mirror;
	}

	/**
	 * Claim a path in the cluster for a new generation.
	 * @param path the concrete path
	 * @param key the key of the new generation
	 * @return the key of the generation another instance runs, or {@code null} to run it
	 * here
	 * @throws Unclaimed if Redis did not answer: the path may run elsewhere already
	 */
	@Nullable String claim(String path, String key) {
		try {
			return this.mirror.claim(path, key);
		}
		catch (RuntimeException ex) {
			throw new Unclaimed(path, ex);
		}
	}

	/**
	 * Follow the generation another instance runs, with what it appended so far.
	 * @param generation the local copy of that generation, without a mirror
	 * @param failure the event that ends its streams if that instance is lost
	 * @return {@code false} if that instance was lost: the generation ended with the
	 * failure event already, and is not to be kept
	 */
	boolean follow(Generation generation, EventSourceEvent failure) {
		FollowedGeneration followed = new FollowedGeneration(generation, failure);
		// caught up before the follower thread sees it; and a range read twice is taken once
		catchUp(List.of(followed), false);
		if (generation.endedNanos() == null) {
			this.followed.put(generation, followed);
		}
		return !followed.lost;
	}

	/**
	 * Stop following a generation; nothing happens if it is not followed.
	 * @param generation the generation
	 */
	void unfollow(Generation generation) {
		this.followed.remove(generation);
	}

	/**
	 * Return whether a generation run here is listened to by streams of other instances.
	 * @param generation the generation
	 * @return {@code false} if it is followed, or if Redis did not answer
	 */
	boolean isListenedElsewhere(Generation generation) {
		if (this.followed.containsKey(generation)) {
			return false;
		}
		try {
			return this.mirror.isListened(generation.path(), generation.key());
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not tell whether %s is listened to elsewhere: %s", generation, ex));
			return false;
		}
	}

	/**
	 * Stop following; the generations are left as they are.
	 */
	void close() {
		this.follower.shutdown();
	}

	/**
	 * Catch up with every followed generation; once per {@link #LISTENED_PERIOD}, also
	 * say which are listened to here and renew the claims of the generations run here.
	 */
	private void followAll() {
		long roundsPerPeriod = LISTENED_PERIOD.toMillis() / FOLLOW_INTERVAL.toMillis();
		boolean everyPeriod = ++this.rounds % roundsPerPeriod == 0;
		catchUp(List.copyOf(this.followed.values()), everyPeriod);
		if (everyPeriod) {
			renewRunning();
		}
	}

	/**
	 * Take what the instances that run followed generations appended since the last time,
	 * and their ends, in one read.
	 */
	private void catchUp(List<FollowedGeneration> followers, boolean sayListened) {
		if (followers.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		List<GenerationMirror.Position> positions = new ArrayList<>(followers.size());
		for (FollowedGeneration follower : followers) {
			Generation generation = follower.generation;
			positions.add(new GenerationMirror.Position(generation.path(), generation.key(), generation.size()));
		}
		List<GenerationMirror.Appended> read;
		try {
			read = this.mirror.read(positions);
		}
		catch (RuntimeException ex) {
			followers.forEach((follower) -> follower.readFailed(start));
			logger.debug(LogMessage.format("Could not follow %d generations: %s", followers.size(), ex));
			return;
		}
		boolean prompt = System.nanoTime() - start < PROMPT.toNanos();
		for (int i = 0; i < followers.size(); i++) {
			try {
				take(followers.get(i), positions.get(i).from(), read.get(i), start, prompt, sayListened);
			}
			catch (RuntimeException ex) {
				logger.debug(LogMessage.format("Could not follow %s: %s", followers.get(i).generation, ex));
			}
		}
	}

	/**
	 * Take what was read of a followed generation. A generation whose instance is lost
	 * (its claim is gone, or its renewals stood still for {@link #SILENCE} while Redis
	 * answered promptly) ends with the error event and is forgotten at once, so that the
	 * next stream of the path starts a new one.
	 */
	private void take(FollowedGeneration follower, int from, GenerationMirror.Appended appended, long start,
			boolean prompt, boolean sayListened) {
		Generation generation = follower.generation;
		generation.follow(from, appended.events());
		GenerationMirror.State state = appended.state();
		if (state == GenerationMirror.State.RUNNING
				&& follower.silent(appended.renewals(), start, prompt)
				&& this.mirror.release(generation.path(), generation.key(), appended.renewals())) {
			state = GenerationMirror.State.LOST;
		}
		if (state == GenerationMirror.State.ENDED) {
			this.followed.remove(generation);
			generation.complete(null);
		}
		else if (state == GenerationMirror.State.LOST) {
			logger.warn(LogMessage.format("The instance that ran %s stopped before its end; ending its streams here "
					+ "with the error event", generation));
			follower.lost = true;
			generation.complete(follower.failure);
			this.forget.accept(generation);
		}
		else if (sayListened && generation.isListened()) {
			this.mirror.listened(generation.path(), generation.key(), LISTENED_PERIOD.plus(this.grace));
		}
	}

	/**
	 * Renew the claims of the generations this instance runs; never waits for Redis.
	 */
	private void renewRunning() {
		List<GenerationMirror.Claim> running = new ArrayList<>();
		for (Generation generation : this.generations.get()) {
			if (generation.endedNanos() == null && !this.followed.containsKey(generation)) {
				running.add(new GenerationMirror.Claim(generation.path(), generation.key()));
			}
		}
		if (!running.isEmpty()) {
			this.mirror.renew(running);
		}
	}

	/**
	 * The cluster could not tell which instance runs a path, as Redis did not answer.
	 */
	static final class Unclaimed extends RuntimeException {

		Unclaimed(String path, RuntimeException cause) {
			super("Could not claim " + path + " in the cluster: " + cause, cause);
		}

	}

	/**
	 * A generation that another instance runs, as this instance follows it: the event
	 * that ends its streams if that instance is lost, and how long the count of that
	 * instance's renewals has stood still while Redis answered this one promptly, which
	 * tells a dead instance from a slow Redis. Used by one thread at a time.
	 */
	private static final class FollowedGeneration {

		private final Generation generation;

		private final EventSourceEvent failure;

		private String renewals = "";

		private long stillSinceNanos = System.nanoTime();

		private boolean lost;

		FollowedGeneration(Generation generation, EventSourceEvent failure) {
			this.generation = generation;
			this.failure = failure;
		}

		/**
		 * Take the count of renewals read by a read that started at the given time;
		 * return whether it has stood still for longer than the silence, counted only
		 * while reads were prompt: the running instance is taken for dead.
		 */
		boolean silent(String renewals, long startNanos, boolean prompt) {
			if (!prompt || !renewals.equals(this.renewals)) {
				this.renewals = renewals;
				this.stillSinceNanos = startNanos;
				return false;
			}
			return startNanos - this.stillSinceNanos > SILENCE.toNanos();
		}

		/**
		 * A read failed: Redis is away or slow, which says nothing about the running
		 * instance.
		 */
		void readFailed(long startNanos) {
			this.stillSinceNanos = startNanos;
		}

	}

}
