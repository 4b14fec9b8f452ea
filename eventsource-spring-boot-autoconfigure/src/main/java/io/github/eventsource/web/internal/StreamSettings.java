package io.github.eventsource.web.internal;

import java.time.Duration;

import io.github.eventsource.core.OverflowPolicy;
import io.github.eventsource.core.internal.OutboundStream;
import org.jspecify.annotations.Nullable;

/**
 * Settings that apply to every stream; the defaults are those of the
 * {@code eventsource.*} properties.
 */
public final class StreamSettings {

	/**
	 * The reconnection time sent on open, or {@code null} for none.
	 */
	private @Nullable Duration retry;

	/**
	 * The time after which a stream is completed, or {@code null} for never.
	 */
	private @Nullable Duration timeout;

	/**
	 * The most events one client's own queue holds.
	 */
	private int maxBufferedEvents = 1024;

	/**
	 * The most bytes one client's own queue holds.
	 */
	private long maxBufferedBytes = 1024 * 1024;

	/**
	 * What happens to a stream beyond its bounds.
	 */
	private OverflowPolicy overflow = OverflowPolicy.DISCONNECT;

	/**
	 * The query parameter that carries the last event id.
	 */
	private String lastEventIdParameter = "lastEventId";

	/**
	 * The name of the event sent when the last event id is not in the history.
	 */
	private String resetEvent = "reset";

	/**
	 * Whether a client refused for load is told to reconnect (a {@code 200} stream that
	 * ends at once) rather than answered {@code 503}.
	 */
	private boolean reconnectWhenRefused = true;

	/**
	 * The Retry-After of a refusal for load, and the middle of the random reconnection
	 * time of a refused stream.
	 */
	private Duration retryAfter = Duration.ofSeconds(5);

	public @Nullable Duration retry() {
		return this.retry;
	}

	public void setRetry(@Nullable Duration retry) {
		this.retry = retry;
	}

	public @Nullable Duration timeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public int maxBufferedEvents() {
		return this.maxBufferedEvents;
	}

	public void setMaxBufferedEvents(int maxBufferedEvents) {
		this.maxBufferedEvents = maxBufferedEvents;
	}

	public long maxBufferedBytes() {
		return this.maxBufferedBytes;
	}

	public void setMaxBufferedBytes(long maxBufferedBytes) {
		this.maxBufferedBytes = maxBufferedBytes;
	}

	public OverflowPolicy overflow() {
		return this.overflow;
	}

	public void setOverflow(OverflowPolicy overflow) {
		this.overflow = overflow;
	}

	public String lastEventIdParameter() {
		return this.lastEventIdParameter;
	}

	public void setLastEventIdParameter(String lastEventIdParameter) {
		this.lastEventIdParameter = lastEventIdParameter;
	}

	public String resetEvent() {
		return this.resetEvent;
	}

	public void setResetEvent(String resetEvent) {
		this.resetEvent = resetEvent;
	}

	public boolean reconnectWhenRefused() {
		return this.reconnectWhenRefused;
	}

	public void setReconnectWhenRefused(boolean reconnectWhenRefused) {
		this.reconnectWhenRefused = reconnectWhenRefused;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the bounds of each stream.
	 * @return the bounds
	 */
	public OutboundStream.Bounds bounds() {
		return new OutboundStream.Bounds(this.maxBufferedEvents, this.maxBufferedBytes, this.overflow);
	}

	/**
	 * Return what makes the refusals of streams for load.
	 * @return the refusals
	 */
	LoadRefusals refusals() {
		return new LoadRefusals(this.reconnectWhenRefused, this.retryAfter);
	}

}
