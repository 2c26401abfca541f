package dev.gantry.user.audit;

/** The security events the audit log records. */
public final class AuditEventType {

    public static final String LOGIN_SUCCEEDED = "login.succeeded";
    public static final String LOGIN_FAILED = "login.failed";
    public static final String ACCOUNT_LOCKED = "account.locked";
    public static final String PASSWORD_CHANGED = "password.changed";
    public static final String MFA_ENABLED = "mfa.enabled";
    public static final String MFA_DISABLED = "mfa.disabled";
    public static final String MFA_RECOVERY_CODE_USED = "mfa.recovery-code-used";
    public static final String TENANT_MFA_REQUIREMENT_CHANGED = "tenant.mfa-requirement-changed";
    public static final String USER_CREATED = "user.created";
    public static final String ROLES_CHANGED = "user.roles-changed";
    public static final String USER_DISABLED = "user.disabled";
    public static final String USER_ENABLED = "user.enabled";
    public static final String USER_DELETED = "user.deleted";
    public static final String TOKEN_CREATED = "token.created";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String TOKEN_REPLAY_DETECTED = "token.replay-detected";
    public static final String CLIENT_CREATED = "client.created";
    public static final String CLIENT_REVOKED = "client.revoked";

    private AuditEventType() {
    }
}
