package dev.gantry.user.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * One sign-up per e-mail address per cool-down period, across all instances (Redis), so a script cannot create
 * organisations in bulk for one address or mail-bomb it; the gateway's per-address rate limit is the other half.
 * Keys hold a hash of the address, never the address itself.
 */
@Component
class SignUpCooldown {

    private static final String PREFIX = "gantry:user-service:signup:";

    private final StringRedisTemplate redis;
    private final Duration period;

    SignUpCooldown(StringRedisTemplate redis, SignUpProperties properties) {
        this.redis = redis;
        this.period = properties.emailCooldown();
    }

    /** Reserves the address for the cool-down period; the time left when it is already reserved. */
    Optional<Duration> reserve(String normalizedEmail) {
        String key = key(normalizedEmail);
        Boolean reserved = redis.opsForValue().setIfAbsent(key, "1", period);
        if (Boolean.TRUE.equals(reserved)) {
            return Optional.empty();
        }
        Long seconds = redis.getExpire(key);
        return Optional.of(Duration.ofSeconds(seconds == null || seconds < 1 ? 1 : seconds));
    }

    /** Gives the address back when the sign-up it was reserved for did not happen. */
    void release(String normalizedEmail) {
        redis.delete(key(normalizedEmail));
    }

    private static String key(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
