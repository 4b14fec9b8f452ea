package io.github.eventsource.durable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * HTTP/1.1 over a plain socket, for what the JDK's client will not send or will not
 * read: a declared length it does not keep, the answer to a body the server refuses
 * before reading it, and many requests pipelined on one keep-alive connection.
 * Reads responses with a length or chunked, and hands their status on.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final OutputStream output;

	private final InputStream input;

	RawHttp(int port) throws IOException {
		this.socket = new Socket("localhost", port);
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout(30_000);
		this.output = this.socket.getOutputStream();
		this.input = new BufferedInputStream(this.socket.getInputStream(), 64 * 1024);
	}

	/**
	 * Send a request and return the status of its response. The request is written on a
	 * thread of its own, and a write that fails is let go: a server may answer a body it
	 * refuses before it has read it, and close the connection under the writer.
	 * @param head the request line and headers, each ending in CRLF, without the blank
	 * line
	 * @param body the parts of the body, written in turn
	 * @return the status
	 */
	int answerTo(String head, byte[]... body) throws Exception {
		Thread writer = new Thread(() -> {
			try {
				this.output.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
				for (byte[] part : body) {
					this.output.write(part);
					this.output.flush();
				}
			}
			catch (IOException ex) {
				// the server answered and closed before it read everything
			}
		}, "request-writer");
		writer.setDaemon(true);
		writer.start();
		return readStatus();
	}

	/**
	 * Send requests pipelined, at most {@code window} unanswered at a time, while this
	 * thread reads the responses.
	 * @param count how many requests
	 * @param window the most requests sent and not answered yet
	 * @param request the bytes of request {@code i}
	 * @param status takes the status of each response, in order
	 */
	void pipeline(int count, int window, IntFunction<byte[]> request, IntConsumer status) throws Exception {
		Semaphore room = new Semaphore(window);
		Thread writer = new Thread(() -> {
			try {
				for (int i = 0; i < count; i++) {
					if (!room.tryAcquire(30, TimeUnit.SECONDS)) {
						return;
					}
					this.output.write(request.apply(i));
					if (room.availablePermits() == 0 || i == count - 1) {
						this.output.flush();
					}
				}
				this.output.flush();
			}
			catch (IOException | InterruptedException ex) {
				// the reader fails on the missing responses and says so
			}
		}, "pipelined-writer");
		writer.setDaemon(true);
		writer.start();
		for (int i = 0; i < count; i++) {
			status.accept(readStatus());
			room.release();
		}
		writer.join(30_000);
	}

	/**
	 * Read one response and return its status; its body is read and dropped.
	 * @return the status
	 */
	int readStatus() throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = 0;
		boolean chunked = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long
				.parseLong(line().split(";")[0].trim(), 16)) {
				skip(size);
				line();
			}
			line();
		}
		else {
			skip(length);
		}
		return status;
	}

	private void skip(long bytes) throws IOException {
		this.input.skipNBytes(bytes);
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int c = this.input.read(); c != '\n'; c = this.input.read()) {
			if (c < 0) {
				throw new IOException("Connection closed after '" + line + "'");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
