package io.github.eventsource.autoconfigure.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Durable Streams server.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("eventsource.durable-streams")
public class DurableStreamsProperties {

	/**
	 * Path under which durable streams are served, such as '/v1/stream'. Not served when
	 * not set.
	 */
	private @Nullable String path;

	/**
	 * Whether requests without a principal may create, append to, close and delete
	 * streams, when no DurableStreamAccess bean decides. Never set it on a production
	 * server.
	 */
	private boolean anonymousWrites;

	/**
	 * Maximum number of streams of the instance, or of the cluster in cluster mode;
	 * creates beyond are refused with 429.
	 */
	private int maxStreams = 10_000;

	/**
	 * Maximum bytes of all streams of the instance together, or of the cluster in
	 * cluster mode; appends beyond are refused with 413.
	 */
	private DataSize maxTotalSize = DataSize.ofMegabytes(256);

	/**
	 * Maximum bytes of one stream; appends beyond are refused with 413.
	 */
	private DataSize maxStreamSize = DataSize.ofMegabytes(64);

	/**
	 * Maximum size of the body of one create or append; larger bodies are refused with
	 * 413.
	 */
	private DataSize maxAppendSize = DataSize.ofMegabytes(16);

	/**
	 * Maximum bytes one catch-up read returns; the client reads the rest from the next
	 * offset.
	 */
	private DataSize maxReadSize = DataSize.ofMegabytes(1);

	/**
	 * Time a long-poll read waits for data before it is answered 204.
	 */
	private Duration longPollTimeout = Duration.ofSeconds(20);

	/**
	 * Time after which an SSE read is ended, for the client to reconnect from its last
	 * offset (the protocol asks for about a minute, for caches to collapse).
	 */
	private Duration sseMaxDuration = Duration.ofSeconds(60);

	/**
	 * Origins that browsers may read and write streams from (CORS), such as
	 * 'https://app.example.com', or '*' for any. Same origin only when empty.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Longest time a stream lives in Redis after its last create, append or read in
	 * cluster mode, whatever its own time to live (every key of the cluster mode expires).
	 */
	private Duration clusterMaxIdle = Duration.ofDays(7);

	/**
	 * Interval at which an instance in cluster mode checks the streams its live readers
	 * follow, in case a change announcement was lost.
	 */
	private Duration clusterCheckInterval = Duration.ofSeconds(1);

	public @Nullable String getPath() {
		return this.path;
	}

	public void setPath(@Nullable String path) {
		this.path = path;
	}

	public boolean isAnonymousWrites() {
		return this.anonymousWrites;
	}

	public void setAnonymousWrites(boolean anonymousWrites) {
		this.anonymousWrites = anonymousWrites;
	}

	public int getMaxStreams() {
		return this.maxStreams;
	}

	public void setMaxStreams(int maxStreams) {
		this.maxStreams = maxStreams;
	}

	public DataSize getMaxTotalSize() {
		return this.maxTotalSize;
	}

	public void setMaxTotalSize(DataSize maxTotalSize) {
		this.maxTotalSize = maxTotalSize;
	}

	public DataSize getMaxStreamSize() {
		return this.maxStreamSize;
	}

	public void setMaxStreamSize(DataSize maxStreamSize) {
		this.maxStreamSize = maxStreamSize;
	}

	public DataSize getMaxAppendSize() {
		return this.maxAppendSize;
	}

	public void setMaxAppendSize(DataSize maxAppendSize) {
		this.maxAppendSize = maxAppendSize;
	}

	public DataSize getMaxReadSize() {
		return this.maxReadSize;
	}

	public void setMaxReadSize(DataSize maxReadSize) {
		this.maxReadSize = maxReadSize;
	}

	public Duration getLongPollTimeout() {
		return this.longPollTimeout;
	}

	public void setLongPollTimeout(Duration longPollTimeout) {
		this.longPollTimeout = longPollTimeout;
	}

	public Duration getSseMaxDuration() {
		return this.sseMaxDuration;
	}

	public void setSseMaxDuration(Duration sseMaxDuration) {
		this.sseMaxDuration = sseMaxDuration;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public Duration getClusterMaxIdle() {
		return this.clusterMaxIdle;
	}

	public void setClusterMaxIdle(Duration clusterMaxIdle) {
		this.clusterMaxIdle = clusterMaxIdle;
	}

	public Duration getClusterCheckInterval() {
		return this.clusterCheckInterval;
	}

	public void setClusterCheckInterval(Duration clusterCheckInterval) {
		this.clusterCheckInterval = clusterCheckInterval;
	}

}
