package io.github.eventsource.benchmark.server;

import java.time.Instant;

/**
 * The data of every benchmark event: its send time, which the load generator subtracts
 * from the time it read the event, and its number.
 */
public final class EventData {

	private EventData() {
	}

	/**
	 * Return the data of one event, the send time written as epoch milliseconds with a
	 * microsecond fraction: {@code {"t":1732531200123.456,"seq":42}}.
	 * @param now the send time
	 * @param id the event's number
	 * @param bytes the size to pad the data to with {@code ,"pad":"xx…"}; {@code 0} for
	 * no padding
	 * @return the data
	 */
	public static String stamped(Instant now, long id, int bytes) {
		long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
		String data = "{\"t\":" + (micros / 1000) + "." + String.format("%03d", micros % 1000) + ",\"seq\":" + id;
		if (bytes > 0) {
			data = data + ",\"pad\":\"" + "x".repeat(Math.max(0, bytes - data.length() - 10)) + "\"";
		}
		return data + "}";
	}

}
