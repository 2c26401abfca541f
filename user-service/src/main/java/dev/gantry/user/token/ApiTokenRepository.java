package dev.gantry.user.token;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.common.web.PageRequest;

@Repository
class ApiTokenRepository {

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, ApiToken token, String secretHash) {
        jdbc.sql("""
                insert into api_tokens (id, tenant_id, user_id, name, hint, secret_hash, scopes, created_at, expires_at)
                values (:id, :tenantId, :userId, :name, :hint, :hash, :scopes, :createdAt, :expiresAt)
                """)
                .param("id", token.id()).param("tenantId", tenantId).param("userId", token.userId())
                .param("name", token.name()).param("hint", token.hint()).param("hash", secretHash)
                .param("scopes", token.scopes().toArray(String[]::new))
                .param("createdAt", token.createdAt().atOffset(ZoneOffset.UTC))
                .param("expiresAt", token.expiresAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    long countUsable(UUID tenantId, UUID userId, Instant now) {
        return jdbc.sql("""
                select count(*) from api_tokens
                where tenant_id = :tenantId and user_id = :userId and revoked_at is null and expires_at > :now
                """)
                .param("tenantId", tenantId).param("userId", userId).param("now", now.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    Optional<ApiToken> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from api_tokens where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id).query(ApiTokenRepository::map).optional();
    }

    Optional<ApiToken> findBySecretHash(UUID tenantId, String hash) {
        return jdbc.sql("select * from api_tokens where tenant_id = :tenantId and secret_hash = :hash")
                .param("tenantId", tenantId).param("hash", hash).query(ApiTokenRepository::map).optional();
    }

    List<ApiToken> page(UUID tenantId, UUID userId, PageRequest page) {
        return jdbc.sql("""
                select * from api_tokens
                where tenant_id = :tenantId and user_id = :userId
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id
                limit :limit
                """)
                .param("tenantId", tenantId).param("userId", userId).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1)
                .query(ApiTokenRepository::map).list();
    }

    boolean revoke(UUID tenantId, UUID id, Instant at) {
        return jdbc.sql("""
                update api_tokens set revoked_at = :at where tenant_id = :tenantId and id = :id and revoked_at is null
                """)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("tenantId", tenantId).param("id", id)
                .update() == 1;
    }

    /** Notes a use, at most once a minute per token, so busy scripts do not turn every call into a write. */
    void touch(UUID tenantId, UUID id, Instant at) {
        jdbc.sql("""
                update api_tokens set last_used_at = :at
                where tenant_id = :tenantId and id = :id
                  and (last_used_at is null or last_used_at < :at - interval '1 minute')
                """)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("tenantId", tenantId).param("id", id).update();
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new ApiToken(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("name"), rs.getString("hint"), Arrays.asList((String[]) scopes.getArray()),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
