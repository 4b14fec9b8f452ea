package io.github.eventsource.durable.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.eventsource.durable.DurableStreamException;

/**
 * The messages of a JSON-mode append: validates the body as JSON and flattens one level
 * of a top-level array, keeping each message's bytes exactly as sent (whitespace around
 * a message aside). A scanner of its own, bounded in nesting depth, so that a malformed
 * or hostile body costs its length and no more.
 */
final class JsonMessages {

	private static final int MAX_DEPTH = 256;

	private final byte[] json;

	private int index;

	private JsonMessages(byte[] json) {
		this.json = json;
	}

	/**
	 * Split a body into its messages.
	 * @param body the body of a JSON-mode append
	 * @return the messages: the elements of a top-level array, else the one value;
	 * possibly none for {@code []}
	 * @throws DurableStreamException with {@code 400} if the body is not JSON
	 */
	static List<byte[]> split(byte[] body) {
		JsonMessages scanner = new JsonMessages(body);
		scanner.skipWhitespace();
		List<byte[]> messages = new ArrayList<>();
		if (scanner.peek() == '[') {
			scanner.index++;
			scanner.skipWhitespace();
			if (scanner.peek() == ']') {
				scanner.index++;
			}
			else {
				while (true) {
					messages.add(scanner.element());
					scanner.skipWhitespace();
					int c = scanner.next();
					if (c == ']') {
						break;
					}
					if (c != ',') {
						throw invalid();
					}
				}
			}
		}
		else {
			messages.add(scanner.element());
		}
		scanner.skipWhitespace();
		if (scanner.index != body.length) {
			throw invalid();
		}
		return messages;
	}

	private byte[] element() {
		skipWhitespace();
		int start = this.index;
		value(0);
		return Arrays.copyOfRange(this.json, start, this.index);
	}

	private void value(int depth) {
		if (depth > MAX_DEPTH) {
			throw invalid();
		}
		skipWhitespace();
		int c = peek();
		switch (c) {
			case '{' -> container('}', depth, true);
			case '[' -> container(']', depth, false);
			case '"' -> string();
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> number();
		}
	}

	private void container(char end, int depth, boolean object) {
		this.index++;
		skipWhitespace();
		if (peek() == end) {
			this.index++;
			return;
		}
		while (true) {
			if (object) {
				skipWhitespace();
				if (peek() != '"') {
					throw invalid();
				}
				string();
				skipWhitespace();
				if (next() != ':') {
					throw invalid();
				}
			}
			value(depth + 1);
			skipWhitespace();
			int c = next();
			if (c == end) {
				return;
			}
			if (c != ',') {
				throw invalid();
			}
		}
	}

	private void string() {
		this.index++;
		while (true) {
			int c = next();
			if (c == '"') {
				return;
			}
			if (c == '\\') {
				int escaped = next();
				if (escaped == 'u') {
					for (int i = 0; i < 4; i++) {
						if (Character.digit(next(), 16) < 0) {
							throw invalid();
						}
					}
				}
				else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
					throw invalid();
				}
			}
			else if (c < 0x20) {
				throw invalid();
			}
		}
	}

	private void literal(String word) {
		for (int i = 0; i < word.length(); i++) {
			if (next() != word.charAt(i)) {
				throw invalid();
			}
		}
	}

	private void number() {
		if (peek() == '-') {
			this.index++;
		}
		if (peek() == '0') {
			this.index++;
		}
		else if (!digits()) {
			throw invalid();
		}
		if (peek() == '.') {
			this.index++;
			if (!digits()) {
				throw invalid();
			}
		}
		if (peek() == 'e' || peek() == 'E') {
			this.index++;
			if (peek() == '+' || peek() == '-') {
				this.index++;
			}
			if (!digits()) {
				throw invalid();
			}
		}
	}

	private boolean digits() {
		int start = this.index;
		while (peek() >= '0' && peek() <= '9') {
			this.index++;
		}
		return this.index > start;
	}

	private void skipWhitespace() {
		while (this.index < this.json.length) {
			byte c = this.json[this.index];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.index++;
		}
	}

	private int peek() {
		return (this.index < this.json.length) ? (this.json[this.index] & 0xFF) : -1;
	}

	private int next() {
		if (this.index >= this.json.length) {
			throw invalid();
		}
		return this.json[this.index++] & 0xFF;
	}

	private static DurableStreamException invalid() {
		return new DurableStreamException(400, "Invalid JSON");
	}

}
