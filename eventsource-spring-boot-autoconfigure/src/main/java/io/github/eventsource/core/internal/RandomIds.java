package io.github.eventsource.core.internal;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs, as unguessable as {@link UUID#randomUUID()}'s, without its
 * one lock: every thread that opens a stream at once would wait on it, which a crowd of
 * connections makes the slowest step of an open. Each id is drawn from one of a few
 * {@code DRBG} generators, picked at random, each with a lock of its own.
 */
public final class RandomIds {

	private static final SecureRandom[] generators = generators(2 * Runtime.getRuntime().availableProcessors());

	private RandomIds() {
	}

	/**
	 * Return a new random UUID.
	 * @return the UUID in its string form
	 */
	public static String next() {
		byte[] bytes = new byte[16];
		generators[ThreadLocalRandom.current().nextInt(generators.length)].nextBytes(bytes);
		bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		return new UUID(buffer.getLong(), buffer.getLong()).toString();
	}

	private static SecureRandom[] generators(int count) {
		SecureRandom[] generators = new SecureRandom[count];
		for (int i = 0; i < count; i++) {
			try {
				generators[i] = SecureRandom.getInstance("DRBG");
			}
			catch (NoSuchAlgorithmException ex) {
				generators[i] = new SecureRandom();
			}
		}
		return generators;
	}

}
