package io.github.eventsource.benchmark.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Asks a Redis server, over a plain socket, whether it answers and which process it is,
 * so that W7 can skip without Redis and measure the Redis server's CPU.
 */
final class RedisProbe {

	private static final int TIMEOUT_MILLIS = 2000;

	private static final String PROCESS_ID = "process_id:";

	private final InetSocketAddress address;

	RedisProbe(InetSocketAddress address) {
		this.address = address;
	}

	InetSocketAddress address() {
		return this.address;
	}

	/**
	 * Return whether the server answers {@code PING} with {@code PONG}.
	 * @return whether Redis answers
	 */
	boolean answers() {
		try {
			return "PONG".equals(command("PING"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the server's process id, from {@code INFO server}.
	 * @return the process id, or empty if Redis does not answer or does not tell
	 */
	OptionalLong processId() {
		try {
			return processId(command("INFO server"));
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * Read the {@code process_id} field of what {@code INFO} answers.
	 * @param info the answer: {@code field:value} lines ending with CRLF
	 * @return the process id, or empty if there is none
	 */
	static OptionalLong processId(String info) {
		return info.lines()
			.filter((line) -> line.startsWith(PROCESS_ID))
			.mapToLong((line) -> Long.parseLong(line.substring(PROCESS_ID.length()).trim()))
			.findFirst();
	}

	/**
	 * Send an inline command and return the answer: a simple string's text or a bulk
	 * string's content.
	 */
	private String command(String command) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(this.address, TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String first = line(in);
			if (first.startsWith("$")) {
				return new String(in.readNBytes(Integer.parseInt(first.substring(1))), StandardCharsets.UTF_8);
			}
			if (first.startsWith("+")) {
				return first.substring(1);
			}
			throw new IOException("Redis answered " + first);
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int c;
		while ((c = in.read()) != '\n') {
			if (c < 0) {
				throw new IOException("Redis closed the connection");
			}
			line.write(c);
		}
		return line.toString(StandardCharsets.UTF_8).stripTrailing();
	}

}
