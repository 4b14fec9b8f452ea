package io.github.eventsource.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.eventsource.core.EventSourceEvent;
import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.core.internal.EventLog;
import io.github.eventsource.core.internal.Expirable;
import io.github.eventsource.core.internal.LogBounds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;

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
 * otherwise: a full pool refuses only the clients that hold most of it. A generation
 * whose only stream left early is ended after a short grace (see
 * {@link Generation#expire}).
 * <p>
 * In a cluster, {@link ClusterGenerations} tells which instance runs a generation; the
 * others follow it.
 * <p>
 * Thread-safe. {@link #expire()} runs with the heartbeat's housekeeping; the sources
 * still running are cancelled when the application context closes.
 */
public final class Generations implements DisposableBean, Expirable {

	private static final Log logger = LogFactory.getLog(Generations.class);

	private final EventEncoder encoder;

	private final EventLog.Timeline timeline;

	private final Settings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Entry> generations = new HashMap<>();

	private final List<Request> reserved = new ArrayList<>();

	private final @Nullable ClusterGenerations cluster;

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
		this.cluster = (mirror != null) ? new ClusterGenerations(mirror, settings.grace(), this::all, this::forget)
				: null;
	}

	/**
	 * Return the generation of a name, or start a new one if it has none and the bounds
	 * allow it.
	 * @param request the generation's name, endpoint and the client that asks
	 * @return the generation and whether it is new, or {@code null} if it is new and
	 * the bounds refuse it
	 * @throws ClusterGenerations.Unclaimed if the cluster could not tell which instance
	 * runs the path: its source is never run twice, the stream is refused instead
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
		ClusterGenerations cluster = this.cluster;
		Generation generation;
		boolean followed;
		try {
			String key = Generation.newKey();
			String owner = (cluster != null) ? cluster.claim(name, key) : null;
			followed = owner != null;
			generation = new Generation(name, followed ? owner : key, this.encoder, this.timeline, this.settings,
					(cluster != null && !followed) ? cluster.mirror() : null);
			if (cluster != null && followed && !cluster.follow(generation, request.failure())) {
				// ended with the error event already: the next stream starts anew
				unreserve(request);
				return new Acquired(generation, false);
			}
		}
		catch (RuntimeException | Error ex) {
			unreserve(request);
			throw ex;
		}
		this.lock.lock();
		try {
			this.reserved.remove(request);
			Entry other = this.generations.putIfAbsent(name, new Entry(generation, request));
			if (other != null) {
				unfollow(generation);
				return new Acquired(other.generation(), false);
			}
		}
		finally {
			this.lock.unlock();
		}
		logger.debug(LogMessage.format("%s %s", followed ? "Following" : "Started", generation));
		return new Acquired(generation, !followed);
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
		if (this.cluster == null) {
			// without a cluster nobody elsewhere listens: a generation past its grace ends now
			long now = System.nanoTime();
			for (Iterator<Entry> entries = this.generations.values().iterator(); entries.hasNext();) {
				Generation generation = entries.next().generation();
				if (generation.endedNanos() == null && generation.expire(now, () -> false)) {
					entries.remove();
					ended.add(generation);
				}
			}
		}
		if (count((other) -> other.client().equals(request.client())) >= this.settings.maxPerClient()) {
			return false;
		}
		Predicate<Request> sameEndpoint = (other) -> other.endpoint().equals(request.endpoint());
		if (count(sameEndpoint) >= this.settings.maxPerEndpoint()
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
	private long count(Predicate<Request> matching) {
		return running(matching).size() + this.reserved.stream().filter(matching).count();
	}

	/**
	 * Return the running generations that match. Called under the lock.
	 */
	private List<Entry> running(Predicate<Request> matching) {
		return this.generations.values()
			.stream()
			.filter((entry) -> entry.generation().endedNanos() == null && matching.test(entry.request()))
			.toList();
	}

	/**
	 * End the oldest generation nobody listens to of the client that runs most of those
	 * in scope, if it runs at least two more than the asking client (so that a swap
	 * between equals never happens); return whether one ended. Called under the lock.
	 */
	private boolean endOneOfTheLargestClient(Request request, Predicate<Request> scope, List<Generation> ended) {
		List<Entry> running = running(scope);
		Map<String, Long> byClient = running.stream()
			.collect(Collectors.groupingBy((entry) -> entry.request().client(), Collectors.counting()));
		long asking = byClient.getOrDefault(request.client(), 0L);
		String largest = byClient.entrySet()
			.stream()
			.filter((client) -> client.getValue() > asking + 1)
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey)
			.orElse(null);
		if (largest == null) {
			return false;
		}
		Entry oldest = running.stream()
			.filter((entry) -> entry.request().client().equals(largest) && !entry.generation().isListened())
			.min((one, other) -> Long.signum(one.generation().startedNanos() - other.generation().startedNanos()))
			.orElse(null);
		if (oldest == null || !oldest.generation().endIfUnlistened()) {
			return false;
		}
		this.generations.values().remove(oldest);
		unfollow(oldest.generation());
		ended.add(oldest.generation());
		logger.debug(LogMessage.format("Ended %s to make room for another client", oldest.generation()));
		return true;
	}

	/**
	 * Cancel the generations that nobody listened to for the grace period, and forget
	 * them and those that ended longer ago than the retention.
	 */
	@Override
	public void expire() {
		long now = System.nanoTime();
		ClusterGenerations cluster = this.cluster;
		for (Generation generation : all()) {
			if (generation.expire(now, () -> cluster != null && cluster.isListenedElsewhere(generation))) {
				forget(generation);
			}
		}
	}

	/**
	 * Return every generation, running or kept.
	 */
	private List<Generation> all() {
		this.lock.lock();
		try {
			return this.generations.values().stream().map(Entry::generation).toList();
		}
		finally {
			this.lock.unlock();
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
		unfollow(generation);
		generation.cancel();
		logger.debug(LogMessage.format("Forgot %s", generation));
	}

	private void unfollow(Generation generation) {
		if (this.cluster != null) {
			this.cluster.unfollow(generation);
		}
	}

	@Override
	public void destroy() {
		if (this.cluster != null) {
			this.cluster.close();
		}
		List<Generation> running;
		this.lock.lock();
		try {
			running = all();
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
		Entry oldest = null;
		long oldestNanos = 0;
		for (Entry entry : this.generations.values()) {
			Long ended = entry.generation().endedNanos();
			if (ended != null && (oldest == null || ended - oldestNanos < 0)) {
				oldest = entry;
				oldestNanos = ended;
			}
		}
		return oldest != null && this.generations.values().remove(oldest);
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

		/**
		 * The events and bytes one generation keeps: those of a replay history; its age is
		 * not bounded while it runs.
		 */
		private LogBounds history = new LogBounds();

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

		public LogBounds history() {
			return this.history;
		}

		public void setHistory(LogBounds history) {
			this.history = history;
		}

	}

}
