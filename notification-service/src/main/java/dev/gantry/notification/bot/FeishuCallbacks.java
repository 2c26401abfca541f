package dev.gantry.notification.bot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Feishu event callbacks (飞书事件订阅) as Feishu documents them: with an Encrypt Key configured, the body is
 * {@code {"encrypt": base64(iv || AES-256-CBC(key = SHA-256(encryptKey), PKCS#7))}}, and each event request carries
 * {@code X-Lark-Request-Timestamp}, {@code X-Lark-Request-Nonce} and {@code X-Lark-Signature} = hex(SHA-256(timestamp
 * + nonce + encryptKey + body)) over the raw body. Plain Java, no Spring.
 */
public final class FeishuCallbacks {

    private FeishuCallbacks() {
    }

    public static boolean signed(String timestamp, String nonce, String signature, String encryptKey, String body,
            Instant now, Duration skew) {
        if (timestamp == null || nonce == null || signature == null || encryptKey == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(skew) > 0) {
            return false;
        }
        String expected = HexFormat.of().formatHex(sha256((timestamp + nonce + encryptKey + body)
                .getBytes(StandardCharsets.UTF_8)));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.strip().toLowerCase().getBytes(StandardCharsets.UTF_8));
    }

    /** The decrypted JSON of an {@code encrypt} field, or empty when it does not decrypt with this key. */
    public static Optional<String> decrypt(String encrypted, String encryptKey) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)),
                    "AES"), new IvParameterSpec(all, 0, 16));
            return Optional.of(new String(cipher.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
