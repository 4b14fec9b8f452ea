package io.github.eventsource.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare TCP client for streams that must be held by the thousand, never read, or cut
 * abruptly.
 */
public final class RawSocket implements AutoCloseable {

	private final Socket socket;

	private RawSocket(Socket socket) {
		this.socket = socket;
	}

	public static RawSocket open(int port, String path, String... headers) throws IOException {
		return open(port, path, 0, headers);
	}

	public static RawSocket open(int port, String path, int receiveBufferSize, String... headers) throws IOException {
		return open(null, port, path, receiveBufferSize, headers);
	}

	/**
	 * Open a stream from a given loopback address, such as {@code 127.0.0.2}, so that the
	 * server sees another client address.
	 */
	public static RawSocket openFrom(String localAddress, int port, String path, String... headers)
			throws IOException {
		return open(localAddress, port, path, 0, headers);
	}

	private static RawSocket open(String localAddress, int port, String path, int receiveBufferSize,
			String... headers) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		if (localAddress != null) {
			socket.bind(new java.net.InetSocketAddress(localAddress, 0));
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
	 */
	public String readUntil(String expected) throws IOException {
		return readUntil(expected, null);
	}

	/**
	 * Read until the given text arrived, or fail on timeout or once the time is over, even
	 * if other bytes keep coming.
	 */
	public String readUntil(String expected, java.time.Duration within) throws IOException {
		long deadline = (within != null) ? System.nanoTime() + within.toNanos() : Long.MAX_VALUE;
		InputStream in = this.socket.getInputStream();
		StringBuilder received = new StringBuilder();
		byte[] buffer = new byte[4096];
		while (received.indexOf(expected) < 0) {
			if (within != null && System.nanoTime() - deadline > 0) {
				throw new SocketTimeoutException("No '" + expected + "' within " + within + "; received: " + received);
			}
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				throw new SocketTimeoutException("No '" + expected + "' in time; received: " + received);
			}
			if (read < 0) {
				throw new IOException("Stream ended before '" + expected + "'; received: " + received);
			}
			received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
		}
		return received.toString();
	}

	/**
	 * Read until the server closes the connection, or fail on timeout; send
	 * {@code Connection: close} for a response that ends.
	 */
	public String readToEnd() throws IOException {
		return new String(this.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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

}
