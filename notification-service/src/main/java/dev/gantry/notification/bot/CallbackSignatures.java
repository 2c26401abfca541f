package dev.gantry.notification.bot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import dev.gantry.notification.delivery.Signatures;

/**
 * Verification of signed bot callbacks, in constant time: DingTalk's outgoing robot ({@code timestamp} header in ms,
 * {@code sign} header = Base64 HmacSHA256 of timestamp + "\n" + appSecret keyed by appSecret) and Gantry's generic
 * callback ({@code X-Gantry-Timestamp} seconds, {@code X-Gantry-Signature: sha256=<hex HMAC of timestamp + "." +
 * body>}). A timestamp further than the allowed skew from now is refused, so a captured request cannot be replayed
 * later.
 */
public final class CallbackSignatures {

    private CallbackSignatures() {
    }

    public static boolean dingTalk(String timestamp, String sign, String appSecret, Instant now, Duration skew) {
        Long millis = number(timestamp);
        if (millis == null || sign == null || appSecret == null
                || Duration.between(Instant.ofEpochMilli(millis), now).abs().compareTo(skew) > 0) {
            return false;
        }
        return same(Signatures.dingTalk(millis, appSecret), sign);
    }

    public static boolean gantry(String timestamp, String signature, String body, String secret, Instant now,
            Duration skew) {
        Long seconds = number(timestamp);
        if (seconds == null || signature == null || secret == null
                || Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(skew) > 0) {
            return false;
        }
        return same(Signatures.gantry(seconds, body, secret), signature);
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
