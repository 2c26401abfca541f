package dev.gantry.user.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    final LockoutPolicy policy = new LockoutPolicy(5, Duration.ofMinutes(1), Duration.ofHours(1));

    @Test
    void doesNotLockBelowTheThreshold() {
        assertThat(policy.lockAfter(0)).isEmpty();
        assertThat(policy.lockAfter(4)).isEmpty();
    }

    @Test
    void doublesTheLockWithEveryFurtherFailureUpToTheMaximum() {
        assertThat(policy.lockAfter(5)).contains(Duration.ofMinutes(1));
        assertThat(policy.lockAfter(6)).contains(Duration.ofMinutes(2));
        assertThat(policy.lockAfter(7)).contains(Duration.ofMinutes(4));
        assertThat(policy.lockAfter(11)).contains(Duration.ofMinutes(60));
        assertThat(policy.lockAfter(12)).contains(Duration.ofHours(1));
        assertThat(policy.lockAfter(1_000)).contains(Duration.ofHours(1));
    }

    @Test
    void aLockHoldsUntilItsEnd() {
        Instant until = Instant.parse("2026-01-01T00:10:00Z");
        assertThat(LockoutPolicy.isLocked(until, until.minusSeconds(1))).isTrue();
        assertThat(LockoutPolicy.isLocked(until, until)).isFalse();
        assertThat(LockoutPolicy.isLocked(null, until)).isFalse();
    }
}
