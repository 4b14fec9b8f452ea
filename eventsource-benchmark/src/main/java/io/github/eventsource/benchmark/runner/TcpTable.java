package io.github.eventsource.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's table of TCP connections ({@code /proc/net/tcp} and {@code tcp6}), read
 * to tell whether a server has closed a connection whose client never reads: such a
 * client never sees the server's FIN (it waits behind unread data), but the server's
 * own socket leaves the {@code ESTABLISHED} state as soon as the server closes it.
 */
final class TcpTable {

	private static final String ESTABLISHED = "01";

	private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

	private TcpTable() {
	}

	/**
	 * Count the connections from the given client ports that the server listening on a
	 * port still holds open (its socket {@code ESTABLISHED}).
	 * @param serverPort the server's port
	 * @param clientPorts the clients' local ports
	 * @return how many of them the server holds open
	 */
	static int establishedByServer(int serverPort, Collection<Integer> clientPorts) {
		Set<Integer> clients = new HashSet<>(clientPorts);
		// a connection may be listed twice when the table changes while it is read
		Set<Integer> established = new HashSet<>();
		for (Path table : TABLES) {
			for (String line : read(table)) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 3 && fields[1].contains(":") && port(fields[1]) == serverPort
						&& clients.contains(port(fields[2])) && fields[3].equals(ESTABLISHED)) {
					established.add(port(fields[2]));
				}
			}
		}
		return established.size();
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
	}

	private static List<String> read(Path table) {
		if (!Files.isReadable(table)) {
			return List.of();
		}
		try {
			return Files.readAllLines(table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
