package io.github.eventsource.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;
import io.github.eventsource.broadcast.ChannelRegistry.ReplaySettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChannelRegistry}.
 */
class ChannelRegistryTests {

	@Test
	void keepsHistoryOfPathsAndGroupsButNotUsersWhenReplayIsEnabled() {
		ChannelRegistry channels = registry(true);
		assertThat(channels.find(Kind.PATH, "/any")).isNotNull();
		assertThat(channels.find(Kind.GROUP, "admins")).isNotNull();
		assertThat(channels.find(Kind.USER, "doge")).isNull();
	}

	@Test
	void keepsHistoryOnlyOfReplayPathsWhenReplayIsDisabled() {
		ChannelRegistry channels = registry(false);
		channels.addReplayPaths(List.of("/rooms/{room}"));
		assertThat(channels.find(Kind.PATH, "/rooms/42")).isNotNull();
		assertThat(channels.find(Kind.PATH, "/halls/42")).isNull();
		assertThat(channels.find(Kind.GROUP, "admins")).isNull();
	}

	private static ChannelRegistry registry(boolean replayEnabled) {
		return new ChannelRegistry(new ReplaySettings(replayEnabled, 10, Duration.ofMinutes(1)), Clock.systemUTC());
	}

}
