package io.github.eventsource.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.github.eventsource.core.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Channel channels} of this instance: one per concrete endpoint path, group
 * and user, created on first use.
 * <p>
 * Thread-safe. A channel without streams and without history is removed as soon as its
 * last stream leaves, so churn leaves nothing behind; channels of paths and groups keep
 * their history while replay is enabled.
 *
 * @since 0.1.0
 */
public class ChannelRegistry {

	private final Map<Key, Channel> channels = new ConcurrentHashMap<>();

	private final @Nullable ReplaySettings replay;

	private final Clock clock;

	/**
	 * Create a registry.
	 * @param replay the replay settings, or {@code null} when replay is disabled
	 * @param clock the clock that stamps history entries
	 */
	public ChannelRegistry(@Nullable ReplaySettings replay, Clock clock) {
		this.replay = replay;
		this.clock = clock;
	}

	/**
	 * Return whether paths and groups keep a replay history.
	 * @return whether replay is enabled
	 */
	public boolean isReplayEnabled() {
		return this.replay != null;
	}

	/**
	 * Return the channel for a target, created if it keeps a history.
	 * @param kind the kind of target
	 * @param name the path, group or user name
	 * @return the channel, or {@code null} if the target has no streams and no history
	 */
	public @Nullable Channel find(Kind kind, String name) {
		Key key = new Key(kind, name);
		return (keepsHistory(kind)) ? this.channels.computeIfAbsent(key, this::newChannel) : this.channels.get(key);
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

	private boolean keepsHistory(Kind kind) {
		return this.replay != null && kind != Kind.USER;
	}

	private Channel newChannel(Key key) {
		ReplaySettings settings = this.replay;
		return new Channel((settings != null && keepsHistory(key.kind()))
				? new ReplayHistory(settings.maxEvents(), settings.maxAge(), this.clock) : null);
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
	 * Bounds of the replay history of each path and group.
	 *
	 * @param maxEvents the maximum number of events kept
	 * @param maxAge the maximum age of events kept
	 */
	public record ReplaySettings(int maxEvents, Duration maxAge) {
	}

	private record Key(Kind kind, String name) {
	}

}
