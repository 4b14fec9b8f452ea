package io.github.eventsource.core.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * The address a client is counted by in the per-address limits: its IPv4 address, or the
 * {@code /64} network of its IPv6 address (one host is commonly given a whole
 * {@code /64}, so counting single IPv6 addresses would not bound it).
 */
public final class ClientAddress {

	/**
	 * The address of a client whose address the container did not give.
	 */
	public static final String UNKNOWN = "unknown";

	private ClientAddress() {
	}

	/**
	 * Return the key a remote address is counted by.
	 * @param remoteAddress the request's remote address (Spring Boot's
	 * {@code server.forward-headers-strategy} makes it the client's behind a proxy), or
	 * {@code null}
	 * @return the IPv4 address, or the IPv6 {@code /64} network as
	 * {@code 2001:db8:1:2::/64}, or {@link #UNKNOWN}
	 */
	public static String of(@Nullable String remoteAddress) {
		if (remoteAddress == null || remoteAddress.isEmpty()) {
			return UNKNOWN;
		}
		String literal = stripBrackets(remoteAddress);
		if (literal.indexOf(':') < 0 || !isLiteralStart(literal.charAt(0))) {
			return remoteAddress;
		}
		try {
			// an IPv6 literal: parsed, never looked up (an invalid one throws)
			InetAddress address = InetAddress.getByName(literal);
			if (!(address instanceof Inet6Address)) {
				return address.getHostAddress();
			}
			byte[] bytes = address.getAddress();
			StringBuilder network = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
			}
			return network.append(":/64").toString();
		}
		catch (UnknownHostException ex) {
			return remoteAddress;
		}
	}

	private static boolean isLiteralStart(char first) {
		return first == ':' || Character.digit(first, 16) != -1;
	}

	private static String stripBrackets(String address) {
		return (address.startsWith("[") && address.endsWith("]")) ? address.substring(1, address.length() - 1)
				: address;
	}

}
