package dev.gantry.user.token;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds the tenant of a presented secret or client id before any tenant is known (the table is outside row-level
 * security and holds only hashes and tenant ids).
 */
@Repository
public class CredentialLookup {

    public static final String TOKEN = "token";
    public static final String CLIENT = "client";

    private final JdbcClient jdbc;

    CredentialLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void register(String hash, UUID tenantId, String kind) {
        jdbc.sql("insert into credential_lookup (secret_hash, tenant_id, kind) values (:hash, :tenantId, :kind)")
                .param("hash", hash).param("tenantId", tenantId).param("kind", kind).update();
    }

    public Optional<UUID> tenantOf(String hash, String kind) {
        return jdbc.sql("select tenant_id from credential_lookup where secret_hash = :hash and kind = :kind")
                .param("hash", hash).param("kind", kind).query(UUID.class).optional();
    }
}
