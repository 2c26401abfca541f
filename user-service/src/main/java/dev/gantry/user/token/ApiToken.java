package dev.gantry.user.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A personal API token as its owner sees it in lists: never with its secret.
 *
 * @param hint the token's first characters, to recognise it
 */
public record ApiToken(UUID id, UUID userId, String name, String hint, List<String> scopes, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
