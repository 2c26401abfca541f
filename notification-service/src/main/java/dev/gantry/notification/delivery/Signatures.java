package dev.gantry.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 signatures of the robots' and Gantry's own webhook protocols. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * DingTalk custom robot and outgoing robot: Base64(HmacSHA256(key = secret, message = timestamp + "\n" +
     * secret)), timestamp in milliseconds. The outgoing (send) side URL-encodes it as a query parameter.
     */
    public static String dingTalk(long timestampMillis, String secret) {
        return Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Feishu custom bot: Base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty)), timestamp in seconds.
     */
    public static String feishu(long timestampSeconds, String secret) {
        return Base64.getEncoder().encodeToString(hmac((timestampSeconds + "\n" + secret)
                .getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    /** Gantry's generic webhooks: {@code sha256=} + hex(HmacSHA256(key = secret, timestamp + "." + body)). */
    public static String gantry(long timestampSeconds, String body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                (timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
