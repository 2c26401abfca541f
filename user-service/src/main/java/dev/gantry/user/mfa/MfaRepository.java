package dev.gantry.user.mfa;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** TOTP credentials and recovery codes. */
@Repository
class MfaRepository {

    /** A TOTP credential; {@code confirmedAt} null while the enrollment is not confirmed. */
    record TotpCredential(String encryptedSecret, Instant confirmedAt, long lastUsedStep, int failedAttempts,
            Instant lockedUntil) {
        boolean confirmed() {
            return confirmedAt != null;
        }
    }

    private final JdbcClient jdbc;

    MfaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TotpCredential> find(UUID tenantId, UUID userId) {
        return find(tenantId, userId, "");
    }

    /** Locks the row, so a code or step is used by one request only. */
    Optional<TotpCredential> findForUpdate(UUID tenantId, UUID userId) {
        return find(tenantId, userId, " for update");
    }

    private Optional<TotpCredential> find(UUID tenantId, UUID userId, String lock) {
        return jdbc.sql("select * from totp_credentials where tenant_id = :tenantId and user_id = :userId" + lock)
                .param("tenantId", tenantId).param("userId", userId)
                .query((rs, row) -> new TotpCredential(rs.getString("secret"),
                        rs.getTimestamp("confirmed_at") == null ? null : rs.getTimestamp("confirmed_at").toInstant(),
                        rs.getLong("last_used_step"), rs.getInt("failed_attempts"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .optional();
    }

    /** Starts (or restarts) an unconfirmed enrollment with a new secret. */
    void saveEnrollment(UUID tenantId, UUID userId, String encryptedSecret, Instant at) {
        jdbc.sql("""
                insert into totp_credentials (user_id, tenant_id, secret, created_at)
                values (:userId, :tenantId, :secret, :at)
                on conflict (user_id) do update set secret = excluded.secret, created_at = excluded.created_at,
                                                    confirmed_at = null, last_used_step = 0
                """)
                .param("userId", userId).param("tenantId", tenantId).param("secret", encryptedSecret)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void confirm(UUID tenantId, UUID userId, long step, Instant at) {
        jdbc.sql("""
                update totp_credentials set confirmed_at = :at, last_used_step = :step
                where tenant_id = :tenantId and user_id = :userId
                """)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("step", step)
                .param("tenantId", tenantId).param("userId", userId).update();
    }

    void recordAttempt(UUID tenantId, UUID userId, int failedAttempts, Instant lockedUntil) {
        jdbc.sql("""
                update totp_credentials set failed_attempts = :failed, locked_until = :lockedUntil
                where tenant_id = :tenantId and user_id = :userId
                """)
                .param("failed", failedAttempts)
                .param("lockedUntil", lockedUntil == null ? null : lockedUntil.atOffset(ZoneOffset.UTC))
                .param("tenantId", tenantId).param("userId", userId).update();
    }

    void markStepUsed(UUID tenantId, UUID userId, long step) {
        jdbc.sql("""
                update totp_credentials set last_used_step = :step where tenant_id = :tenantId and user_id = :userId
                """)
                .param("step", step).param("tenantId", tenantId).param("userId", userId).update();
    }

    void removeAll(UUID tenantId, UUID userId) {
        jdbc.sql("delete from totp_credentials where tenant_id = :tenantId and user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId).update();
        jdbc.sql("delete from recovery_codes where tenant_id = :tenantId and user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId).update();
    }

    void replaceRecoveryCodes(UUID tenantId, UUID userId, List<String> hashes) {
        jdbc.sql("delete from recovery_codes where tenant_id = :tenantId and user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId).update();
        for (String hash : hashes) {
            jdbc.sql("insert into recovery_codes (user_id, tenant_id, code_hash) values (:userId, :tenantId, :hash)")
                    .param("userId", userId).param("tenantId", tenantId).param("hash", hash).update();
        }
    }

    /** Uses up an unused recovery code; false when there is no such unused code. */
    boolean useRecoveryCode(UUID tenantId, UUID userId, String hash, Instant at) {
        return jdbc.sql("""
                update recovery_codes set used_at = :at
                where tenant_id = :tenantId and user_id = :userId and code_hash = :hash and used_at is null
                """)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("tenantId", tenantId).param("userId", userId)
                .param("hash", hash).update() == 1;
    }

    int unusedRecoveryCodes(UUID tenantId, UUID userId) {
        return jdbc.sql("""
                select count(*) from recovery_codes
                where tenant_id = :tenantId and user_id = :userId and used_at is null
                """)
                .param("tenantId", tenantId).param("userId", userId).query(Integer.class).single();
    }
}
