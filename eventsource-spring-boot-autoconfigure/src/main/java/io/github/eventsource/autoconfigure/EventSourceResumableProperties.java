package io.github.eventsource.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Generations of resumable endpoints, shared by the streams of a concrete path; each
 * keeps its events within the replay bounds of one history.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.resumable")
public class EventSourceResumableProperties {

	/**
	 * How long an ended generation is kept, so that a stream that comes gets its
	 * events and its end instead of starting a new generation.
	 */
	private Duration retention = Duration.ofMinutes(5);

	/**
	 * How long a generation runs without any stream before its source is cancelled.
	 */
	private Duration grace = Duration.ofSeconds(30);

	/**
	 * Maximum number of generations, running or kept, of the instance; past it the one
	 * that ended first is forgotten, then a running one nobody listens to of the client
	 * that runs most, and if none can go a new stream is refused for load.
	 */
	private int maxGenerations = 1000;

	/**
	 * Maximum number of running generations of one endpoint. Past it a new stream of
	 * the endpoint that would start one is refused for load. max-generations when not
	 * set.
	 */
	private @Nullable Integer maxGenerationsPerEndpoint;

	/**
	 * Maximum number of running generations that one client (a user by principal name,
	 * an anonymous client by its address) started. Past it that client's stream that
	 * would start one is refused for load.
	 */
	private int maxGenerationsPerClient = 16;

	/**
	 * How long a generation runs without any stream when its only stream left before
	 * its first event or within abandoned-within of its start, instead of the grace.
	 */
	private Duration abandonedGrace = Duration.ofSeconds(2);

	/**
	 * Time after its start within which a generation whose only stream left is
	 * abandoned, and runs for the abandoned-grace only.
	 */
	private Duration abandonedWithin = Duration.ofSeconds(2);

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getGrace() {
		return this.grace;
	}

	public void setGrace(Duration grace) {
		this.grace = grace;
	}

	public int getMaxGenerations() {
		return this.maxGenerations;
	}

	public void setMaxGenerations(int maxGenerations) {
		this.maxGenerations = maxGenerations;
	}

	public @Nullable Integer getMaxGenerationsPerEndpoint() {
		return this.maxGenerationsPerEndpoint;
	}

	public void setMaxGenerationsPerEndpoint(@Nullable Integer maxGenerationsPerEndpoint) {
		this.maxGenerationsPerEndpoint = maxGenerationsPerEndpoint;
	}

	public int getMaxGenerationsPerClient() {
		return this.maxGenerationsPerClient;
	}

	public void setMaxGenerationsPerClient(int maxGenerationsPerClient) {
		this.maxGenerationsPerClient = maxGenerationsPerClient;
	}

	public Duration getAbandonedGrace() {
		return this.abandonedGrace;
	}

	public void setAbandonedGrace(Duration abandonedGrace) {
		this.abandonedGrace = abandonedGrace;
	}

	public Duration getAbandonedWithin() {
		return this.abandonedWithin;
	}

	public void setAbandonedWithin(Duration abandonedWithin) {
		this.abandonedWithin = abandonedWithin;
	}

}
