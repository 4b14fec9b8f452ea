package io.github.eventsource.broadcast.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the opaque id under which a stream appears in the presence of one path or group:
 * an HMAC-SHA256 of the target and the session id under a secret drawn once per instance,
 * cut to 128 bits and written in 22 URL-safe characters. The same stream has the same id
 * in a target for its whole life and unrelated ids in two targets; the session id, which
 * {@code broadcastToSession} takes as an address, cannot be told from it.
 * <p>
 * Thread-safe.
 */
public final class MemberIds {

	private static final String ALGORITHM = "HmacSHA256";

	private static final int ID_BYTES = 16;

	private final SecretKeySpec secret;

	/**
	 * Create the ids of an instance with a fresh random secret.
	 */
	public MemberIds() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.secret = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * Return the id of a stream in a path or group.
	 * @param target the path or group
	 * @param session the session id
	 * @return the opaque id
	 */
	public String id(Target target, String session) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.secret);
			mac.update(target.kind().name().getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			mac.update(target.name().getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			byte[] hash = mac.doFinal(session.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, ID_BYTES));
		}
		catch (GeneralSecurityException ex) {
			// HmacSHA256 is a JDK requirement
			throw new IllegalStateException("No " + ALGORITHM + " in this JDK", ex);
		}
	}

}
