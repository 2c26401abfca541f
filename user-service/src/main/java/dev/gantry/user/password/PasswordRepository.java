package dev.gantry.user.password;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Password hashes and failed-attempt counters. */
@Repository
class PasswordRepository {

    /** A user's password credential. */
    record Credential(String hash, Instant changedAt, int failedAttempts, Instant lockedUntil) {
    }

    private final JdbcClient jdbc;

    PasswordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the password and clears failures and any lock. */
    void save(UUID tenantId, UUID userId, String hash, Instant at) {
        jdbc.sql("""
                insert into credentials (user_id, tenant_id, password_hash, password_changed_at)
                values (:userId, :tenantId, :hash, :at)
                on conflict (user_id) do update set password_hash = excluded.password_hash,
                    password_changed_at = excluded.password_changed_at, failed_attempts = 0, locked_until = null
                """)
                .param("userId", userId).param("tenantId", tenantId).param("hash", hash)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The credential, locked for update so concurrent checks count every failure. */
    Optional<Credential> findForUpdate(UUID tenantId, UUID userId) {
        return jdbc.sql("select * from credentials where tenant_id = :tenantId and user_id = :userId for update")
                .param("tenantId", tenantId).param("userId", userId)
                .query((rs, row) -> new Credential(rs.getString("password_hash"),
                        rs.getTimestamp("password_changed_at").toInstant(), rs.getInt("failed_attempts"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .optional();
    }

    void recordAttempt(UUID tenantId, UUID userId, int failedAttempts, Instant lockedUntil) {
        jdbc.sql("""
                update credentials set failed_attempts = :failed, locked_until = :lockedUntil
                where tenant_id = :tenantId and user_id = :userId
                """)
                .param("failed", failedAttempts)
                .param("lockedUntil", lockedUntil == null ? null : lockedUntil.atOffset(ZoneOffset.UTC))
                .param("tenantId", tenantId).param("userId", userId)
                .update();
    }
}
