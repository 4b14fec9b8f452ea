package io.github.eventsource.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Connection limits; past them a new stream is refused for load: told to reconnect
 * later, or answered 503 with Retry-After.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.limits")
public class EventSourceLimitsProperties {

	/**
	 * Maximum number of open streams on this instance. Unlimited when not set.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * Maximum number of open streams of one user (principal name). Unlimited when not
	 * set.
	 */
	private @Nullable Integer maxConnectionsPerUser;

	/**
	 * Maximum number of open streams of one client address (an IPv6 client by its /64
	 * network), anonymous or not; the address is the request's remote address, which
	 * server.forward-headers-strategy makes the client's behind a proxy. When not set,
	 * a quarter of max-connections (at least 1), or 2048 (a quarter of Tomcat's default
	 * connection limit) if max-connections is not set either.
	 */
	private @Nullable Integer maxConnectionsPerAddress;

	/**
	 * Maximum rate at which one client address opens streams, a token bucket refilled
	 * at this rate per second and holding max-opens-burst tokens. Unlimited when not
	 * set.
	 */
	private @Nullable Integer maxOpensPerSecond;

	/**
	 * Number of streams one client address may open at once, beyond max-opens-per-second,
	 * when it opened none for a while.
	 */
	private int maxOpensBurst = 20;

	/**
	 * How a stream refused for load (a limit, the opening rate, the generation bounds,
	 * shutdown) is answered.
	 */
	private RefusalResponse refusal = RefusalResponse.RECONNECT;

	/**
	 * Delay before a client refused for load comes back: the Retry-After of a 503, or
	 * the middle of the random reconnection time (from half to one and a half times it)
	 * of a stream told to reconnect.
	 */
	private Duration retryAfter = Duration.ofSeconds(5);

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public @Nullable Integer getMaxConnectionsPerUser() {
		return this.maxConnectionsPerUser;
	}

	public void setMaxConnectionsPerUser(@Nullable Integer maxConnectionsPerUser) {
		this.maxConnectionsPerUser = maxConnectionsPerUser;
	}

	public @Nullable Integer getMaxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	public void setMaxConnectionsPerAddress(@Nullable Integer maxConnectionsPerAddress) {
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

	public @Nullable Integer getMaxOpensPerSecond() {
		return this.maxOpensPerSecond;
	}

	public void setMaxOpensPerSecond(@Nullable Integer maxOpensPerSecond) {
		this.maxOpensPerSecond = maxOpensPerSecond;
	}

	public int getMaxOpensBurst() {
		return this.maxOpensBurst;
	}

	public void setMaxOpensBurst(int maxOpensBurst) {
		this.maxOpensBurst = maxOpensBurst;
	}

	public RefusalResponse getRefusal() {
		return this.refusal;
	}

	public void setRefusal(RefusalResponse refusal) {
		this.refusal = refusal;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	/**
	 * How a stream refused for load is answered.
	 */
	public enum RefusalResponse {

		/**
		 * {@code 200 text/event-stream} with a random 'retry:' and an immediate end: a
		 * browser's EventSource reconnects by itself.
		 */
		RECONNECT,

		/**
		 * {@code 503} with Retry-After: a browser's EventSource gives up for good; for
		 * clients and load balancers that expect a status.
		 */
		STATUS

	}

}
