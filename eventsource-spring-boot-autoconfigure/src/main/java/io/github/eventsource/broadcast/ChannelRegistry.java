package io.github.eventsource.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.github.eventsource.core.OutboundStream;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The {@link Channel channels} of this instance: one per concrete endpoint path, group
 * and user, created on first use.
 * <p>
 * Thread-safe. A channel without streams and without history is removed as soon as its
 * last stream leaves, so churn leaves nothing behind. Channels of groups keep a history
 * when replay is enabled; channels of paths when replay is enabled, or when the path
 * matches a pattern {@link #addReplayPaths(Collection) added} for an endpoint that
 * replays on its own.
 *
 * @since 0.1.0
 */
public class ChannelRegistry {

	private final Map<Key, Channel> channels = new ConcurrentHashMap<>();

	private final ReplaySettings replay;

	private final Clock clock;

	private final List<PathPattern> replayPaths = new CopyOnWriteArrayList<>();

	/**
	 * Create a registry.
	 * @param replay the replay settings
	 * @param clock the clock that stamps history entries
	 */
	public ChannelRegistry(ReplaySettings replay, Clock clock) {
		this.replay = replay;
		this.clock = clock;
	}

	/**
	 * Keep a replay history for the concrete paths that match the given patterns, even
	 * when replay is not enabled for every path.
	 * @param pathPatterns path patterns, such as {@code /rooms/{room}}
	 */
	public void addReplayPaths(Collection<String> pathPatterns) {
		pathPatterns.forEach((pattern) -> this.replayPaths.add(PathPatternParser.defaultInstance.parse(pattern)));
	}

	/**
	 * Return the channel for a target, created if it keeps a history.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @return the channel, or {@code null} if the target has no streams and no history
	 */
	public @Nullable Channel find(Kind kind, String name) {
		Key key = new Key(kind, name);
		return keepsHistory(key) ? this.channels.computeIfAbsent(key, this::newChannel) : this.channels.get(key);
	}

	/**
	 * Return the channel for a target if it exists, never creating it.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @return the channel, or {@code null} if the target has no streams and no history
	 */
	public @Nullable Channel get(Kind kind, String name) {
		return this.channels.get(new Key(kind, name));
	}

	/**
	 * Return whether a target replays: its events without id get the next id of the
	 * target and are kept in its history.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @return whether the target replays
	 */
	public boolean replays(Kind kind, String name) {
		return keepsHistory(new Key(kind, name));
	}

	/**
	 * Add a stream to a target's channel, creating the channel if needed.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @param subscription adds the stream to the channel and returns a result
	 * @param <T> the type of the result
	 * @return the subscription's result
	 */
	public <T> T join(Kind kind, String name, Function<Channel, T> subscription) {
		List<T> result = new ArrayList<>(1);
		this.channels.compute(new Key(kind, name), (key, channel) -> {
			Channel joined = (channel != null) ? channel : newChannel(key);
			result.add(subscription.apply(joined));
			return joined;
		});
		return result.get(0);
	}

	/**
	 * Return the number of streams of a target.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @return the number of streams
	 */
	public int size(Kind kind, String name) {
		Channel channel = this.channels.get(new Key(kind, name));
		return (channel != null) ? channel.size() : 0;
	}

	/**
	 * Remove a stream from a target's channel, removing the channel once it is empty and
	 * keeps no history.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @param stream the stream
	 */
	public void leave(Kind kind, String name, OutboundStream stream) {
		this.channels.computeIfPresent(new Key(kind, name), (key, channel) -> {
			channel.unsubscribe(stream);
			return channel.isDisposable() ? null : channel;
		});
	}

	/**
	 * Call the action for every channel of a kind.
	 * @param kind the kind of target
	 * @param action receives the name and the channel
	 */
	public void forEach(Kind kind, BiConsumer<String, Channel> action) {
		this.channels.forEach((key, channel) -> {
			if (key.kind() == kind) {
				action.accept(key.name(), channel);
			}
		});
	}

	private boolean keepsHistory(Key key) {
		return switch (key.kind()) {
			case USER -> false;
			case GROUP -> this.replay.enabled();
			case PATH -> this.replay.enabled() || matchesReplayPath(key.name());
		};
	}

	private boolean matchesReplayPath(String path) {
		if (this.replayPaths.isEmpty()) {
			return false;
		}
		PathContainer container = PathContainer.parsePath(path);
		return this.replayPaths.stream().anyMatch((pattern) -> pattern.matches(container));
	}

	private Channel newChannel(Key key) {
		return new Channel(keepsHistory(key)
				? new ReplayHistory(this.replay.maxEvents(), this.replay.maxAge(), this.clock) : null);
	}

	/**
	 * The kinds of delivery target.
	 */
	public enum Kind {

		/**
		 * A concrete endpoint path.
		 */
		PATH,

		/**
		 * A group that sessions joined.
		 */
		GROUP,

		/**
		 * A user, by principal name.
		 */
		USER

	}

	/**
	 * Whether every path and group keeps a replay history, and its bounds.
	 *
	 * @param enabled whether every path and group keeps a history
	 * @param maxEvents the maximum number of events kept
	 * @param maxAge the maximum age of events kept
	 */
	public record ReplaySettings(boolean enabled, int maxEvents, Duration maxAge) {
	}

	private record Key(Kind kind, String name) {
	}

}
