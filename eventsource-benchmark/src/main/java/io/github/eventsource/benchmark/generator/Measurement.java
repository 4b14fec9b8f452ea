package io.github.eventsource.benchmark.generator;

import org.HdrHistogram.Histogram;

/**
 * The events counted in a measurement window: their latency from the send time stamped
 * in their data, and how many arrived. Used by the generator's thread only.
 */
final class Measurement {

	private static final String STAMP = "\"t\":";

	private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);

	private long fromId = Long.MAX_VALUE;

	private long delivered;

	void start(long fromId) {
		this.fromId = fromId;
		this.delivered = 0;
		this.latencyMicros.reset();
	}

	boolean counts(long id) {
		return id >= this.fromId;
	}

	long fromId() {
		return this.fromId;
	}

	void record(String data, long nowMicros) {
		this.delivered++;
		this.latencyMicros.recordValue(Math.max(0, nowMicros - sentMicros(data)));
	}

	long delivered() {
		return this.delivered;
	}

	Histogram latencyMicros() {
		return this.latencyMicros;
	}

	/**
	 * Read the send time of {@code {"t":1732531200123.456,"seq":42}} in epoch microseconds.
	 */
	static long sentMicros(String data) {
		int start = data.indexOf(STAMP) + STAMP.length();
		long micros = 0;
		int fraction = -1;
		for (int i = start; i < data.length(); i++) {
			char c = data.charAt(i);
			if (c == '.') {
				fraction = 0;
			}
			else if (c >= '0' && c <= '9' && fraction < 3) {
				micros = micros * 10 + (c - '0');
				fraction += (fraction >= 0) ? 1 : 0;
			}
			else if (c < '0' || c > '9') {
				break;
			}
		}
		for (int i = Math.max(fraction, 0); i < 3; i++) {
			micros *= 10;
		}
		return micros;
	}

}
