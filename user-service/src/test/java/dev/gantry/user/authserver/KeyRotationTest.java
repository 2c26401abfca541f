package dev.gantry.user.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyRotationTest {

    record Key(String name, Instant createdAt) implements KeyRotation.Dated {
    }

    final KeyRotation rotation = new KeyRotation(Duration.ofDays(30), Duration.ofMinutes(10));
    final Instant start = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void makesAKeyWhenThereIsNoneOrTheNewestIsDue() {
        assertThat(rotation.needsNewKey(null, start)).isTrue();
        assertThat(rotation.needsNewKey(start, start.plus(Duration.ofDays(29)))).isFalse();
        assertThat(rotation.needsNewKey(start, start.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void keepsAReplacedKeyPublishedUntilItsTokensHaveExpired() {
        Key old = new Key("old", start);
        Key current = new Key("current", start.plus(Duration.ofDays(30)));
        List<Key> keys = List.of(current, old);

        assertThat(rotation.published(keys, current.createdAt().plusSeconds(60))).containsExactly(current, old);
        assertThat(rotation.published(keys, current.createdAt().plus(Duration.ofMinutes(10)).plus(KeyRotation.SKEW)
                .minusSeconds(1))).containsExactly(current, old);
        assertThat(rotation.published(keys, current.createdAt().plus(Duration.ofMinutes(11)))).containsExactly(current);
    }

    @Test
    void alwaysPublishesTheNewestKeyHoweverOld() {
        Key only = new Key("only", start);
        assertThat(rotation.published(List.of(only), start.plus(Duration.ofDays(400)))).containsExactly(only);
        assertThat(rotation.published(List.<Key>of(), start)).isEmpty();
    }
}
