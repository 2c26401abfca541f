package dev.gantry.user.password;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Lockout with exponential backoff: after {@code threshold} consecutive failed password checks the account is
 * locked for {@code firstLock}; every further failure after a lock doubles it, up to {@code maxLock}. A success resets
 * the count. Guessing becomes exponentially slower without letting an attacker lock someone out for long.
 */
public record LockoutPolicy(int threshold, Duration firstLock, Duration maxLock) {

    public LockoutPolicy {
        if (threshold < 1 || firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("threshold >= 1 and 0 < firstLock <= maxLock");
        }
    }

    /** How long to lock after this many consecutive failures; empty below the threshold. */
    public Optional<Duration> lockAfter(int consecutiveFailures) {
        if (consecutiveFailures < threshold) {
            return Optional.empty();
        }
        int doublings = Math.min(consecutiveFailures - threshold, 30);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return Optional.of(lock.compareTo(maxLock) > 0 ? maxLock : lock);
    }

    /** Whether a lock ending at {@code lockedUntil} still holds at {@code now}. */
    public static boolean isLocked(Instant lockedUntil, Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }
}
