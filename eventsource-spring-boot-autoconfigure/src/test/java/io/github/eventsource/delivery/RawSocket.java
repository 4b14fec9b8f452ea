package io.github.eventsource.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.nio.charset.StandardCharsets;

/**
 * A bare TCP client for streams that must be held by the thousand, never read, or cut
 * abruptly.
 */
public final class RawSocket implements AutoCloseable {

	private final Socket socket;

	private final StringBuilder received = new StringBuilder();

	private final ChunkedDecoder decoder = new ChunkedDecoder();

	private RawSocket(Socket socket) {
		this.socket = socket;
	}

	public static RawSocket open(int port, String path, String... headers) throws IOException {
		return open(port, path, 0, headers);
	}

	public static RawSocket open(int port, String path, int receiveBufferSize, String... headers) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		OutputStream out = socket.getOutputStream();
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
		return new RawSocket(socket);
	}

	/**
	 * Read until the given text arrived, or fail on timeout.
	 * @return the response head and body read since the previous call, up to and with the
	 * text; what was read beyond it is kept for the next call
	 */
	public String readUntil(String expected) throws IOException {
		return readUntil(expected, Integer.MAX_VALUE);
	}

	/**
	 * Read until the given text arrived, no faster than the given rate, as a client on a
	 * slow network; or fail on timeout. The body of a chunked response is read without
	 * its chunk headers.
	 * @return the response head and body read since the previous call, up to and with the
	 * text; what was read beyond it is kept for the next call
	 */
	public String readUntil(String expected, int bytesPerSecond) throws IOException {
		InputStream in = this.socket.getInputStream();
		byte[] buffer = new byte[Math.min(4096, Math.max(1, bytesPerSecond / 10))];
		long started = System.nanoTime();
		long total = 0;
		int searchFrom = 0;
		int found;
		while ((found = this.received.indexOf(expected, searchFrom)) < 0) {
			searchFrom = Math.max(0, this.received.length() - expected.length());
			long due = started + total * 1_000_000_000L / bytesPerSecond;
			if (due > System.nanoTime()) {
				// the pace of the client's network, not a wait for the server
				LockSupport.parkNanos(due - System.nanoTime());
			}
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				throw new SocketTimeoutException("No '" + expected + "' in time; received: " + this.received);
			}
			if (read < 0) {
				throw new IOException("Stream ended before '" + expected + "'; received: " + this.received);
			}
			total += read;
			this.decoder.decode(buffer, read, this.received);
		}
		String text = this.received.substring(0, found + expected.length());
		this.received.delete(0, found + expected.length());
		return text;
	}

	/**
	 * Cut the connection with a TCP reset, as a client that vanished.
	 */
	public void cut() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * Takes the chunk headers out of a chunked response body, as it is read.
	 */
	private static final class ChunkedDecoder {

		private final StringBuilder line = new StringBuilder();

		private boolean inBody;

		private boolean chunked;

		private int remaining = -1;

		void decode(byte[] bytes, int length, StringBuilder into) {
			for (int i = 0; i < length; i++) {
				char c = (char) (bytes[i] & 0xff);
				if (!this.inBody) {
					into.append(c);
					this.inBody = into.length() >= 4 && into.lastIndexOf("\r\n\r\n") == into.length() - 4;
					this.chunked = this.inBody && into.indexOf("Transfer-Encoding: chunked") >= 0;
				}
				else if (!this.chunked || this.remaining > 0) {
					into.append(c);
					this.remaining--;
				}
				else if (c == '\n' && this.line.length() > 0) {
					this.remaining = Integer.parseInt(this.line.toString().trim(), 16);
					this.line.setLength(0);
				}
				else if (c != '\r' && c != '\n') {
					this.line.append(c);
				}
			}
		}

	}

}
