package io.github.eventsource.autoconfigure.cluster.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user field of presence in Redis, which has no line feed whatever the name.
 */
class RedisPresenceLogTests {

	@Test
	void userFieldHasNoLineFeedAndReadsBackAsTheName() {
		for (String user : new String[] { "alice", "", "a\nb", "back\\slash", "\\n", "ünï 🐶\r\n" }) {
			String field = RedisPresenceLog.userField(user);
			assertThat(field).startsWith("=").doesNotContain("\n");
			assertThat(RedisPresenceLog.user(field)).isEqualTo(user);
		}
	}

	@Test
	void anonymousStreamHasAnEmptyUserField() {
		assertThat(RedisPresenceLog.userField(null)).isEmpty();
		assertThat(RedisPresenceLog.user("")).isNull();
	}

}
