package io.github.eventsource.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;

import io.github.eventsource.broadcast.internal.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.internal.ChannelRegistry;
import io.github.eventsource.broadcast.internal.PresenceTracker;
import io.github.eventsource.broadcast.internal.PresenceTracker.TargetSize;
import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.web.internal.EndpointMappingRegistrar;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * {@link Endpoint @Endpoint} that reports the Server-Sent Events endpoints of the
 * application: their path patterns with open streams and replay history sizes, the
 * groups with their sizes, and the presence: the {@value #LARGEST} largest groups and,
 * only with {@code eventsource.actuator.show-paths}, concrete paths (which may embed ids
 * or tokens), with their numbers of streams and users, on every instance in cluster mode
 * (read from Redis). It never reports other concrete paths, user names, client addresses
 * or event data.
 *
 * @since 0.1.0
 */
@Endpoint(id = "eventsource")
public class EventSourceStreamsEndpoint {

	/**
	 * The number of paths, and of groups, in the presence report.
	 */
	static final int LARGEST = 20;

	private final EndpointMappingRegistrar registrar;

	private final SessionRegistry sessions;

	private final ChannelRegistry channels;

	private final boolean replayEnabled;

	private final PresenceTracker presence;

	private final boolean showPaths;

	/**
	 * Create an endpoint.
	 * @param registrar knows the mapped endpoints
	 * @param sessions the open sessions
	 * @param channels the channels of paths and groups
	 * @param replayEnabled whether every path keeps a replay history
	 * ({@code eventsource.replay.enabled})
	 * @param presence the presence of streams in paths and groups
	 * @param showPaths whether the largest concrete paths are reported
	 * ({@code eventsource.actuator.show-paths})
	 */
	EventSourceStreamsEndpoint(EndpointMappingRegistrar registrar, SessionRegistry sessions,
			ChannelRegistry channels, boolean replayEnabled, PresenceTracker presence, boolean showPaths) {
		this.registrar = registrar;
		this.sessions = sessions;
		this.channels = channels;
		this.replayEnabled = replayEnabled;
		this.presence = presence;
		this.showPaths = showPaths;
	}

	/**
	 * Report the endpoints, their streams and the groups.
	 * @return the report
	 */
	@ReadOperation
	public StreamsDescriptor streams() {
		List<EndpointDescriptor> endpoints = this.registrar.getEndpoints().stream().map(this::describe).toList();
		List<GroupDescriptor> groups = new ArrayList<>();
		this.channels.forEach(Kind.GROUP,
				(name, streams, historySize) -> groups.add(new GroupDescriptor(name, streams, historySize)));
		PresenceDescriptor presence = new PresenceDescriptor(this.showPaths ? largest(Kind.PATH) : List.of(),
				largest(Kind.GROUP));
		return new StreamsDescriptor(this.sessions.size(), this.channels.channelCount(), this.sessions.bufferedBytes(),
				this.channels.historyBytes(), endpoints, groups, presence);
	}

	private EndpointDescriptor describe(io.github.eventsource.web.internal.Endpoint endpoint) {
		boolean replay = this.replayEnabled || endpoint.replay();
		List<PathDescriptor> paths = endpoint.paths()
			.stream()
			.map((pattern) -> new PathDescriptor(pattern, this.sessions.sizeOfEndpoint(pattern), replay, historySize(pattern)))
			.toList();
		return new EndpointDescriptor(endpoint.beanName(), paths);
	}

	private List<TargetDescriptor> largest(Kind kind) {
		return this.presence.largest(kind, LARGEST).stream().map(TargetDescriptor::of).toList();
	}

	private int historySize(String pattern) {
		PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
		int[] size = new int[1];
		this.channels.forEach(Kind.PATH, (path, streams, historySize) -> {
			if (parsed.matches(PathContainer.parsePath(path))) {
				size[0] += historySize;
			}
		});
		return size[0];
	}

	/**
	 * What the endpoint reports.
	 *
	 * @param openStreams the number of open streams of this instance
	 * @param channels the number of targets (paths, groups, users) with streams or a
	 * history
	 * @param bufferedBytes the bytes buffered for clients, not yet sent
	 * @param historyBytes the bytes of every replay history
	 * @param endpoints the {@code @EventSourceEndpoint} beans
	 * @param groups the groups that open streams joined, or that keep a history
	 * @param presence the largest paths and groups
	 */
	public record StreamsDescriptor(int openStreams, int channels, long bufferedBytes, long historyBytes,
			List<EndpointDescriptor> endpoints, List<GroupDescriptor> groups,
			PresenceDescriptor presence) implements OperationResponseBody {
	}

	/**
	 * The largest concrete paths and groups, on every instance in cluster mode.
	 *
	 * @param paths the largest concrete paths, largest first; empty unless
	 * {@code eventsource.actuator.show-paths}
	 * @param groups the largest groups, largest first
	 */
	public record PresenceDescriptor(List<TargetDescriptor> paths, List<TargetDescriptor> groups) {
	}

	/**
	 * One concrete path or group of the presence report.
	 *
	 * @param name the path or group name
	 * @param streams the number of its open streams
	 * @param users the number of distinct users of its streams
	 */
	public record TargetDescriptor(String name, int streams, int users) {

		static TargetDescriptor of(TargetSize size) {
			return new TargetDescriptor(size.name(), size.count(), size.users());
		}

	}

	/**
	 * One {@code @EventSourceEndpoint} bean.
	 *
	 * @param bean the bean name
	 * @param paths its path patterns
	 */
	public record EndpointDescriptor(String bean, List<PathDescriptor> paths) {
	}

	/**
	 * One path pattern of an endpoint.
	 *
	 * @param pattern the path pattern, such as {@code /rooms/{room}}
	 * @param openStreams the number of open streams of paths that match it
	 * @param replay whether its paths keep a replay history
	 * @param historySize the number of events in the replay histories of its paths
	 */
	public record PathDescriptor(String pattern, int openStreams, boolean replay, int historySize) {
	}

	/**
	 * One group.
	 *
	 * @param name the group name
	 * @param streams the number of streams in the group
	 * @param historySize the number of events in its replay history
	 */
	public record GroupDescriptor(String name, int streams, int historySize) {
	}

}
