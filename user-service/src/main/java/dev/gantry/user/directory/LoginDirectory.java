package dev.gantry.user.directory;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.user.token.Secrets;

/**
 * The organisations an e-mail address belongs to, for sign-in, which starts before any tenant is known. Kept in step
 * with the directory by {@link Users}; holds address hashes only.
 */
@Repository
public class LoginDirectory {

    /** An address in more organisations than this is not looked up further (no real person is). */
    static final int MAX_ORGANISATIONS = 20;

    /** One membership: the user an address is in one organisation. */
    public record Membership(UUID tenantId, UUID userId) {
    }

    private final JdbcClient jdbc;

    LoginDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String normalizedEmail, UUID tenantId, UUID userId) {
        jdbc.sql("insert into login_directory (email_hash, tenant_id, user_id) values (:hash, :tenantId, :userId)")
                .param("hash", Secrets.sha256(normalizedEmail)).param("tenantId", tenantId).param("userId", userId)
                .update();
    }

    void remove(UUID tenantId, UUID userId) {
        jdbc.sql("delete from login_directory where tenant_id = :tenantId and user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId).update();
    }

    /** The memberships of an address (stored lower-case, as the directory stores addresses). */
    public List<Membership> memberships(String email) {
        return jdbc.sql("select tenant_id, user_id from login_directory where email_hash = :hash limit :max")
                .param("hash", Secrets.sha256(ProfileRules.normalizeEmail(email))).param("max", MAX_ORGANISATIONS)
                .query((rs, row) -> new Membership(rs.getObject("tenant_id", UUID.class),
                        rs.getObject("user_id", UUID.class)))
                .list();
    }
}
