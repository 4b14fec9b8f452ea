package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.Expirable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The generations of the resumable endpoints of this instance, one per
 * {@link GenerationName name} (owner, query and concrete path) at a time: running, or
 * ended and kept for the retention period.
 * <p>
 * What one client (a user, or an anonymous client's address) can take is bounded: it
 * runs at most {@code maxPerClient} generations, an endpoint at most
 * {@code maxPerEndpoint}, the instance keeps at most {@code maxGenerations}. Each bound
 * is checked and the new generation reserved under one lock, so concurrent first
 * requests never pass it. When the instance or an endpoint is full, the generation that
 * ended first makes room; failing that, a generation nobody listens to of the client that
 * runs most, if it runs at least two more than the client asking, which is refused
 * otherwise: a full pool refuses only the clients that hold most of it. A generation whose only stream left early is
 * ended after a short grace (see {@link Generation#expire}).
 * <p>
 * In a cluster, the first instance to claim a path runs its generation, appends its
 * events to the {@link GenerationMirror} and renews its claim every second; every other
 * instance follows that generation, reading what was appended every 100 ms (all followed
 * generations in one read), so that its streams resume it like those of the instance that
 * runs it, and ends it with the error event when that instance is lost. A stream whose
 * claim Redis does not answer is refused ({@link Unclaimed}): a source never runs twice.
 * A generation is cancelled only when no stream of any instance listened to it for the
 * grace period.
 * <p>
 * Thread-safe. {@link #expire()} runs with the heartbeat's housekeeping; the sources
 * still running are cancelled when the application context closes.
 */
public final class Generations implements DisposableBean, Expirable {

	private static final Log logger = LogFactory.getLog(Generations.class);

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

	private final EventEncoder encoder;

	private final EventLog.Timeline timeline;

	private final Settings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Entry> generations = new HashMap<>();

	private final List<Request> reserved = new ArrayList<>();

	private final Map<Generation, FollowedGeneration> followed = new ConcurrentHashMap<>();

	private final @Nullable GenerationMirror mirror;

	private final @Nullable ScheduledExecutorService follower;

	private final AtomicLong rounds = new AtomicLong();

	/**
	 * Create a registry.
	 * @param encoder encodes each event once
	 * @param timeline the instance's timeline, which orders the logs of generations with
	 * those of the other targets
	 * @param settings the bounds and periods of generations
	 * @param mirror where generations are shared with the other instances of a cluster, or
	 * {@code null}
	 */
	public Generations(EventEncoder encoder, EventLog.Timeline timeline, Settings settings,
			@Nullable GenerationMirror mirror) {
		this.encoder = encoder;
		this.timeline = timeline;
		this.settings = settings;
		this.mirror = mirror;
		this.follower = (mirror != null) ? followerThread() : null;
	}

	/**
	 * Return the generation of a name, or start a new one if it has none and the bounds
	 * allow it.
	 * @param request the generation's name, endpoint and the client that asks
	 * @return the generation and whether it is new, or {@code null} if it is new and
	 * the bounds refuse it
	 * @throws Unclaimed if the cluster could not tell which instance runs the path: its
	 * source is never run twice, the stream is refused instead
	 */
	@Nullable Acquired acquire(Request request) {
		String name = request.name();
		List<Generation> ended = new ArrayList<>();
		this.lock.lock();
		try {
			Entry existing = this.generations.get(name);
			if (existing != null) {
				return new Acquired(existing.generation(), false);
			}
			if (!makeRoom(request, ended)) {
				return null;
			}
			this.reserved.add(request);
		}
		finally {
			this.lock.unlock();
			ended.forEach(Generation::cancel);
		}
		Generation generation;
		String owner;
		FollowedGeneration followed = null;
		try {
			String key = Generation.newKey();
			owner = claim(name, key);
			followed = (owner != null) ? follow(name, owner, request.failure()) : null;
			generation = (followed != null) ? followed.generation() : run(name, key);
		}
		catch (RuntimeException | Error ex) {
			unreserve(request);
			throw ex;
		}
		this.lock.lock();
		try {
			this.reserved.remove(request);
			if (followed != null && followed.isLost()) {
				// ended with the error event already: the next stream starts anew
				return new Acquired(generation, false);
			}
			Entry other = this.generations.putIfAbsent(name, new Entry(generation, request));
			if (other != null) {
				this.followed.remove(generation);
				return new Acquired(other.generation(), false);
			}
		}
		finally {
			this.lock.unlock();
		}
		logger.debug(LogMessage.format("%s %s", (owner != null) ? "Following" : "Started", generation));
		return new Acquired(generation, owner == null);
	}

	private void unreserve(Request request) {
		this.lock.lock();
		try {
			this.reserved.remove(request);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether a new generation fits the bounds, once the abandoned generations
	 * past their grace, the generation that ended first, or one nobody listens to of the
	 * client that runs most made room; the ones ended for it are added to the list, to
	 * be cancelled outside the lock. Called under the lock.
	 */
	private boolean makeRoom(Request request, List<Generation> ended) {
		if (this.mirror == null) {
			// without a cluster nobody elsewhere listens: a generation past its grace ends now
			long now = System.nanoTime();
			for (Iterator<Entry> entries = this.generations.values().iterator(); entries.hasNext();) {
				Generation generation = entries.next().generation();
				if (generation.endedNanos() == null && generation.expire(now, this.settings, () -> false)) {
					entries.remove();
					ended.add(generation);
				}
			}
		}
		if (running((other) -> other.client().equals(request.client())) >= this.settings.maxPerClient()) {
			return false;
		}
		Predicate<Request> sameEndpoint = (other) -> other.endpoint().equals(request.endpoint());
		if (running(sameEndpoint) >= this.settings.maxPerEndpoint()
				&& !endOneOfTheLargestClient(request, sameEndpoint, ended)) {
			return false;
		}
		if (this.generations.size() + this.reserved.size() < this.settings.maxGenerations() || evictOldestEnded()) {
			return true;
		}
		return endOneOfTheLargestClient(request, (entry) -> true, ended);
	}

	/**
	 * Return the number of running and reserved generations that match. Called under the
	 * lock.
	 */
	private int running(Predicate<Request> matching) {
		int count = 0;
		for (Entry entry : this.generations.values()) {
			if (entry.generation().endedNanos() == null && matching.test(entry.request())) {
				count++;
			}
		}
		for (Request reservation : this.reserved) {
			if (matching.test(reservation)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * End the oldest generation nobody listens to of the client that runs most of those
	 * in scope, if it runs at least two more than the asking client (so that a swap
	 * between equals never happens); return whether one ended. Called under the lock.
	 */
	private boolean endOneOfTheLargestClient(Request request, Predicate<Request> scope, List<Generation> ended) {
		Map<String, Integer> byClient = new HashMap<>();
		for (Entry entry : this.generations.values()) {
			if (entry.generation().endedNanos() == null && scope.test(entry.request())) {
				byClient.merge(entry.client(), 1, Integer::sum);
			}
		}
		int asking = byClient.getOrDefault(request.client(), 0);
		String largest = null;
		for (Map.Entry<String, Integer> client : byClient.entrySet()) {
			if (client.getValue() > asking + 1 && (largest == null || client.getValue() > byClient.get(largest))) {
				largest = client.getKey();
			}
		}
		if (largest == null) {
			return false;
		}
		Entry oldest = null;
		for (Entry entry : this.generations.values()) {
			if (entry.client().equals(largest) && scope.test(entry.request()) && !entry.generation().isListened()
					&& entry.generation().endedNanos() == null
					&& (oldest == null || entry.generation().startedNanos() - oldest.generation().startedNanos() < 0)) {
				oldest = entry;
			}
		}
		if (oldest == null || !oldest.generation().endIfUnlistened()) {
			return false;
		}
		this.generations.values().remove(oldest);
		this.followed.remove(oldest.generation());
		ended.add(oldest.generation());
		logger.debug(LogMessage.format("Ended %s to make room for another client", oldest.generation()));
		return true;
	}

	/**
	 * Claim the path in the cluster; return the key of the generation another instance
	 * runs, or {@code null} to run it here.
	 * @throws Unclaimed if Redis did not answer: the path may run elsewhere already
	 */
	private @Nullable String claim(String path, String key) {
		if (this.mirror == null) {
			return null;
		}
		try {
			return this.mirror.claim(path, key);
		}
		catch (RuntimeException ex) {
			throw new Unclaimed(path, ex);
		}
	}

	private Generation run(String path, String key) {
		return new Generation(path, key, this.encoder, this.timeline, this.settings, this.mirror);
	}

	/**
	 * Follow the generation another instance runs, with what it appended so far.
	 */
	private FollowedGeneration follow(String path, String key, EventSourceEvent failure) {
		Generation generation = new Generation(path, key, this.encoder, this.timeline, this.settings, null);
		FollowedGeneration followed = new FollowedGeneration(generation, failure);
		// caught up before the follower thread sees it; and a range read twice is taken once
		catchUp(List.of(followed), false);
		if (generation.endedNanos() == null) {
			this.followed.put(generation, followed);
		}
		return followed;
	}

	/**
	 * Take what the instances that run followed generations appended since the last time,
	 * and their ends, in one read.
	 */
	private void catchUp(List<FollowedGeneration> followers, boolean sayListened) {
		GenerationMirror mirror = this.mirror;
		if (mirror == null || followers.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		List<GenerationMirror.Position> positions = new ArrayList<>(followers.size());
		for (FollowedGeneration follower : followers) {
			Generation generation = follower.generation();
			positions.add(new GenerationMirror.Position(generation.path(), generation.key(), generation.size()));
		}
		List<GenerationMirror.Appended> read;
		try {
			read = mirror.read(positions);
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
				logger.debug(LogMessage.format("Could not follow %s: %s", followers.get(i).generation(), ex));
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
		GenerationMirror mirror = this.mirror;
		Generation generation = follower.generation();
		generation.follow(from, appended.events());
		GenerationMirror.State state = appended.state();
		if (mirror != null && state == GenerationMirror.State.RUNNING
				&& follower.silent(appended.renewals(), start, prompt, SILENCE.toNanos())
				&& mirror.release(generation.path(), generation.key(), appended.renewals())) {
			state = GenerationMirror.State.LOST;
		}
		if (state == GenerationMirror.State.ENDED) {
			this.followed.remove(generation);
			generation.complete(null);
		}
		else if (state == GenerationMirror.State.LOST) {
			logger.warn(LogMessage.format("The instance that ran %s stopped before its end; ending its streams here "
					+ "with the error event", generation));
			follower.lost();
			generation.complete(follower.failure());
			forget(generation);
		}
		else if (mirror != null && sayListened && generation.isListened()) {
			mirror.listened(generation.path(), generation.key(), LISTENED_PERIOD.plus(this.settings.grace()));
		}
	}

	/**
	 * Catch up with every followed generation; once per {@link #LISTENED_PERIOD}, also
	 * say which are listened to here and renew the claims of the generations run here.
	 */
	private void followAll() {
		long roundsPerPeriod = LISTENED_PERIOD.toMillis() / FOLLOW_INTERVAL.toMillis();
		boolean everyPeriod = this.rounds.incrementAndGet() % roundsPerPeriod == 0;
		catchUp(List.copyOf(this.followed.values()), everyPeriod);
		if (everyPeriod) {
			renewRunning();
		}
	}

	/**
	 * Renew the claims of the generations this instance runs; never waits for Redis.
	 */
	private void renewRunning() {
		GenerationMirror mirror = this.mirror;
		List<GenerationMirror.Claim> running = new ArrayList<>();
		this.lock.lock();
		try {
			for (Entry entry : this.generations.values()) {
				Generation generation = entry.generation();
				if (generation.endedNanos() == null && !this.followed.containsKey(generation)) {
					running.add(new GenerationMirror.Claim(generation.path(), generation.key()));
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (mirror != null && !running.isEmpty()) {
			mirror.renew(running);
		}
	}

	private ScheduledExecutorService followerThread() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("eventsource-generations-");
		threads.setDaemon(true);
		ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(threads);
		follower.scheduleWithFixedDelay(() -> {
			try {
				followAll();
			}
			catch (Throwable ex) {
				logger.error("Following the generations of other instances failed; trying again", ex);
			}
		}, FOLLOW_INTERVAL.toMillis(), FOLLOW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		return follower;
	}

	/**
	 * Cancel the generations that nobody listened to for the grace period, and forget
	 * them and those that ended longer ago than the retention.
	 */
	@Override
	public void expire() {
		long now = System.nanoTime();
		List<Generation> all = new ArrayList<>();
		this.lock.lock();
		try {
			this.generations.values().forEach((entry) -> all.add(entry.generation()));
		}
		finally {
			this.lock.unlock();
		}
		for (Generation generation : all) {
			boolean run = !this.followed.containsKey(generation);
			if (generation.expire(now, this.settings, () -> run && isListenedElsewhere(generation))) {
				forget(generation);
			}
		}
	}

	private boolean isListenedElsewhere(Generation generation) {
		GenerationMirror mirror = this.mirror;
		try {
			return mirror != null && mirror.isListened(generation.path(), generation.key());
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Could not tell whether %s is listened to elsewhere: %s", generation, ex));
			return false;
		}
	}

	private void forget(Generation generation) {
		this.lock.lock();
		try {
			this.generations.values().removeIf((entry) -> entry.generation() == generation);
		}
		finally {
			this.lock.unlock();
		}
		this.followed.remove(generation);
		generation.cancel();
		logger.debug(LogMessage.format("Forgot %s", generation));
	}

	/**
	 * Return the number of generations, running or kept.
	 * @return the number of generations
	 */
	public int size() {
		this.lock.lock();
		try {
			return this.generations.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void destroy() {
		if (this.follower != null) {
			this.follower.shutdownNow();
		}
		List<Generation> running = new ArrayList<>();
		this.lock.lock();
		try {
			this.generations.values().forEach((entry) -> running.add(entry.generation()));
			this.generations.clear();
		}
		finally {
			this.lock.unlock();
		}
		running.forEach(Generation::cancel);
	}

	/**
	 * Forget the generation that ended first; return whether there was one. Called under
	 * the lock.
	 */
	private boolean evictOldestEnded() {
		Map.Entry<String, Entry> oldest = null;
		long oldestNanos = 0;
		for (Map.Entry<String, Entry> entry : this.generations.entrySet()) {
			Long ended = entry.getValue().generation().endedNanos();
			if (ended != null && (oldest == null || ended - oldestNanos < 0)) {
				oldest = entry;
				oldestNanos = ended;
			}
		}
		if (oldest == null) {
			return false;
		}
		this.generations.remove(oldest.getKey());
		return true;
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
	 * The generation of a path, and whether the stream that acquired it starts it.
	 *
	 * @param generation the generation
	 * @param started whether it is new: the stream calls {@code @OnOpen} and runs its source
	 */
	record Acquired(Generation generation, boolean started) {
	}

	/**
	 * What a stream asks for: the name of a generation, for an endpoint and a client.
	 *
	 * @param name the generation's {@link GenerationName name}
	 * @param endpoint the endpoint (its bean name)
	 * @param client who asks: {@code user <name>} or {@code address <address>}
	 * @param failure the event that ends the streams of a followed generation whose
	 * instance was lost
	 */
	record Request(String name, String endpoint, String client, EventSourceEvent failure) {
	}

	/**
	 * A generation with the request that started it.
	 */
	private record Entry(Generation generation, Request request) {

		String client() {
			return this.request.client();
		}

		String endpoint() {
			return this.request.endpoint();
		}

	}

	/**
	 * The bounds and periods of generations; the defaults are those of the
	 * {@code eventsource.resumable.*} and {@code eventsource.replay.*} properties.
	 */
	public static final class Settings {

		/**
		 * How long a generation runs without a stream before it is cancelled.
		 */
		private Duration grace = Duration.ofSeconds(30);

		/**
		 * How long an ended generation is kept for the streams that come.
		 */
		private Duration retention = Duration.ofMinutes(5);

		/**
		 * The most generations kept at a time.
		 */
		private int maxGenerations = 1000;

		/**
		 * The most events one generation keeps.
		 */
		private int maxEvents = 1000;

		/**
		 * The most bytes one generation keeps.
		 */
		private long maxBytes = 1024 * 1024;

		/**
		 * The most running generations of one endpoint.
		 */
		private int maxPerEndpoint = 1000;

		/**
		 * The most running generations one client started.
		 */
		private int maxPerClient = 16;

		/**
		 * How long an abandoned generation runs without a stream.
		 */
		private Duration abandonedGrace = Duration.ofSeconds(2);

		/**
		 * The time after its start within which a generation whose only stream left is
		 * abandoned.
		 */
		private Duration abandonedWithin = Duration.ofSeconds(2);

		public Duration grace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

		public Duration retention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public int maxGenerations() {
			return this.maxGenerations;
		}

		public void setMaxGenerations(int maxGenerations) {
			this.maxGenerations = maxGenerations;
		}

		public int maxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public long maxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(long maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int maxPerEndpoint() {
			return this.maxPerEndpoint;
		}

		public void setMaxPerEndpoint(int maxPerEndpoint) {
			this.maxPerEndpoint = maxPerEndpoint;
		}

		public int maxPerClient() {
			return this.maxPerClient;
		}

		public void setMaxPerClient(int maxPerClient) {
			this.maxPerClient = maxPerClient;
		}

		public Duration abandonedGrace() {
			return this.abandonedGrace;
		}

		public void setAbandonedGrace(Duration abandonedGrace) {
			this.abandonedGrace = abandonedGrace;
		}

		public Duration abandonedWithin() {
			return this.abandonedWithin;
		}

		public void setAbandonedWithin(Duration abandonedWithin) {
			this.abandonedWithin = abandonedWithin;
		}

	}


}
