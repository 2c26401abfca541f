package dev.gantry.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets: 256 random bits behind a recognisable prefix ({@code gnt_pat_} for personal tokens,
 * {@code gnt_cs_} for client secrets) so that secret scanners and people can tell what leaked.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** A new secret: the prefix and 43 base64url characters. */
    public static String newSecret(String prefix) {
        return prefix + random(32);
    }

    /** Random base64url text of {@code bytes} random bytes. */
    public static String random(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return BASE64URL.encodeToString(data);
    }

    /** How a secret is stored and looked up: SHA-256, hex. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
