package io.github.eventsource.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the events of a durable stream's SSE mode ({@code live=sse}) as the protocol
 * sends them: each {@code data} event holds items (a JSON array of messages in a JSON
 * stream, base64 in a binary one, text otherwise), each {@code control} event the next
 * offset and whether the reader is up to date and the stream closed. A data event
 * received after the last control event means the read is not up to date until the
 * control event that follows it.
 * <p>
 * Reads each event once, however often it is given the events received so far. Not
 * thread-safe: its {@link EventSourceTestDurableStream} calls it under its event stream's
 * lock.
 */
final class DurableStreamFrames {

	private final boolean json;

	private final boolean base64;

	private final JsonDataReader reader;

	private final List<DurableStreamItem> items = new ArrayList<>();

	private int read;

	private String nextOffset;

	private boolean upToDate;

	private boolean closed;

	/**
	 * Create a reader of frames.
	 * @param json whether the stream is a JSON stream
	 * @param base64 whether its data events are in base64
	 * @param offset the offset the read started from
	 * @param reader reads items as JSON
	 */
	DurableStreamFrames(boolean json, boolean base64, String offset, JsonDataReader reader) {
		this.json = json;
		this.base64 = base64;
		this.nextOffset = offset;
		this.reader = reader;
	}

	/**
	 * Read the events not read yet.
	 * @param events every event received so far, in order
	 * @return this reader
	 * @throws AssertionError if an event is not what the protocol sends
	 */
	DurableStreamFrames read(List<ReceivedEvent> events) {
		for (; this.read < events.size(); this.read++) {
			ReceivedEvent event = events.get(this.read);
			if (event.name().equals("data")) {
				data(event.data());
			}
			else if (event.name().equals("control")) {
				control(event);
			}
		}
		return this;
	}

	private void data(String data) {
		this.upToDate = false;
		if (this.json) {
			for (JsonNode message : tree(data, "the data event")) {
				this.items.add(new DurableStreamItem(message.toString().getBytes(StandardCharsets.UTF_8), this.reader));
			}
		}
		else {
			byte[] bytes = this.base64 ? Base64.getMimeDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
			this.items.add(new DurableStreamItem(bytes, this.reader));
		}
	}

	private void control(ReceivedEvent event) {
		JsonNode control = tree(event.data(), "the control event");
		JsonNode offset = control.get("streamNextOffset");
		if (offset == null || !offset.isString()) {
			throw new AssertionError("Expected a streamNextOffset in the control event, but it is: " + event.data());
		}
		this.nextOffset = offset.asString();
		this.upToDate = control.path("upToDate").asBoolean(false);
		this.closed = control.path("streamClosed").asBoolean(false);
	}

	private JsonNode tree(String data, String what) {
		try {
			return this.reader.jsonMapper().readTree(data);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected " + what + " to be JSON, but it is: " + data, ex);
		}
	}

	List<DurableStreamItem> items() {
		return this.items;
	}

	String nextOffset() {
		return this.nextOffset;
	}

	boolean upToDate() {
		return this.upToDate;
	}

	boolean closed() {
		return this.closed;
	}

}
