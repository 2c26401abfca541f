package dev.gantry.user.authserver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When to make a new signing key and which keys to publish: a new key after {@code rotateAfter}; a replaced key stays
 * in the JWKS until every token it signed has expired ({@code tokenLifetime} after its successor took over, plus a
 * margin for clock skew), so rotation never breaks a valid token.
 */
record KeyRotation(Duration rotateAfter, Duration tokenLifetime) {

    static final Duration SKEW = Duration.ofMinutes(1);

    /** A key's creation time, newest keys first in lists. */
    interface Dated {
        Instant createdAt();
    }

    boolean needsNewKey(Instant newestCreatedAt, Instant now) {
        return newestCreatedAt == null || !now.isBefore(newestCreatedAt.plus(rotateAfter));
    }

    /** The keys to publish, newest first; the newest is the one that signs. */
    <K extends Dated> List<K> published(List<K> newestFirst, Instant now) {
        List<K> published = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            if (i == 0 || now.isBefore(newestFirst.get(i - 1).createdAt().plus(tokenLifetime).plus(SKEW))) {
                published.add(newestFirst.get(i));
            }
        }
        return published;
    }
}
