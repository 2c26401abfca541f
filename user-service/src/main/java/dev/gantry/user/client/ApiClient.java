package dev.gantry.user.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An integration client (client_credentials) of a tenant, as admins see it: never with its secret.
 *
 * @param clientId the OAuth {@code client_id} it authenticates with
 */
public record ApiClient(UUID id, String clientId, String name, List<String> scopes, UUID createdBy,
        Instant createdAt, Instant revokedAt) {
}
