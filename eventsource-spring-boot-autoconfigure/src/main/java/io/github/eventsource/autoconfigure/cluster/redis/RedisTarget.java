package io.github.eventsource.autoconfigure.cluster.redis;

import io.github.eventsource.broadcast.ChannelRegistry.Kind;

/**
 * A path, group or user whose history a replay reads.
 *
 * @param kind the kind of target
 * @param name the path, group or user name
 */
record RedisTarget(Kind kind, String name) {

	String keySuffix() {
		return this.kind.name().toLowerCase() + ":" + this.name;
	}

}
