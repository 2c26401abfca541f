package dev.gantry.user.signin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.directory.LoginDirectory;
import dev.gantry.user.directory.Users;
import dev.gantry.user.mfa.Mfa;
import dev.gantry.user.password.Passwords;
import dev.gantry.user.tenant.Tenants;

/**
 * Signing in to the authorization server with an e-mail address and a password, then the second factor where the
 * user has one. The address may belong to several organisations: the one whose password matches is signed in to.
 */
@Service
public class SignIns {

    /** The authority that names the signed-in user's organisation in their session. */
    public static final String TENANT_AUTHORITY_PREFIX = "TENANT_";

    /** What the password step found. */
    public sealed interface Outcome {
    }

    /** Signed in: no second factor needed. */
    public record SignedIn(UUID tenantId, UUID userId) implements Outcome {
    }

    /** The password is right; the user's second factor is needed next. */
    public record SecondFactorNeeded(UUID tenantId, UUID userId) implements Outcome {
    }

    /** Wrong address or password (never telling which). */
    public record Rejected() implements Outcome {
    }

    /** Too many wrong passwords. */
    public record Locked(Instant until) implements Outcome {
    }

    /** The address and password open more than one organisation. */
    public record Ambiguous() implements Outcome {
    }

    /** The organisation requires a second factor the user has not set up. */
    public record SecondFactorSetupNeeded() implements Outcome {
    }

    private final LoginDirectory logins;
    private final Users users;
    private final Passwords passwords;
    private final Mfa mfa;
    private final Tenants tenants;
    private final AuditLog audit;
    private final PasswordEncoder encoder;
    private final TransactionTemplate transactions;
    private final String unknownUserHash;

    SignIns(LoginDirectory logins, Users users, Passwords passwords, Mfa mfa, Tenants tenants, AuditLog audit,
            PasswordEncoder encoder, TransactionTemplate transactions) {
        this.logins = logins;
        this.users = users;
        this.passwords = passwords;
        this.mfa = mfa;
        this.tenants = tenants;
        this.audit = audit;
        this.encoder = encoder;
        this.transactions = transactions;
        this.unknownUserHash = encoder.encode("a password nobody has " + UUID.randomUUID());
    }

    /** The password step. Failures are counted and audited per organisation by {@link Passwords#check}. */
    public Outcome authenticate(String email, String password) {
        List<LoginDirectory.Membership> memberships = transactions.execute(s -> logins.memberships(email));
        List<LoginDirectory.Membership> accepted = new ArrayList<>();
        Instant lockedUntil = null;
        for (LoginDirectory.Membership membership : memberships) {
            boolean active = TenantContext.callAs(membership.tenantId(),
                    () -> users.findActive(membership.tenantId(), membership.userId()).isPresent());
            if (!active) {
                continue;
            }
            Passwords.Check check = TenantContext.callAs(membership.tenantId(), () -> passwords.check(
                    membership.tenantId(), membership.userId(), password, "sign-in"));
            if (check.accepted()) {
                accepted.add(membership);
            } else if (check.lockedUntil() != null) {
                lockedUntil = check.lockedUntil();
            }
        }
        if (memberships.isEmpty()) {
            // as slow as a real check, so response times do not tell which addresses have accounts
            encoder.matches(password, unknownUserHash);
        }
        if (accepted.size() > 1) {
            return new Ambiguous();
        }
        if (accepted.isEmpty()) {
            return lockedUntil != null ? new Locked(lockedUntil) : new Rejected();
        }
        UUID tenantId = accepted.getFirst().tenantId();
        UUID userId = accepted.getFirst().userId();
        if (TenantContext.callAs(tenantId, () -> mfa.isEnabled(tenantId, userId))) {
            return new SecondFactorNeeded(tenantId, userId);
        }
        if (TenantContext.callAs(tenantId, () -> tenants.mfaRequired(tenantId))) {
            return new SecondFactorSetupNeeded();
        }
        return new SignedIn(tenantId, userId);
    }

    /** The second-factor step of a sign-in whose password step succeeded. */
    public Mfa.Check secondFactor(UUID tenantId, UUID userId, String code) {
        return TenantContext.callAs(tenantId, () -> mfa.check(tenantId, userId, code, "sign-in"));
    }

    /** Audits a completed sign-in. */
    public void succeeded(UUID tenantId, UUID userId, String factors) {
        TenantContext.callAs(tenantId, userId.toString(), () -> transactions.execute(s ->
                audit.record(AuditEventType.LOGIN_SUCCEEDED, userId, userId, Map.of("factors", factors))));
    }

    /**
     * The session's authentication of a signed-in user: Spring Security types only (the authorization server stores
     * it with the authorization), the user id as name, the organisation as an authority, and the factors used with
     * their time (the ID token's {@code auth_time}).
     */
    public static Authentication authentication(UUID tenantId, UUID userId, Instant at, boolean secondFactor) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(TENANT_AUTHORITY_PREFIX + tenantId));
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(at)
                .build());
        if (secondFactor) {
            authorities.add(FactorGrantedAuthority.withFactor("TOTP").issuedAt(at).build());
        }
        User principal = new User(userId.toString(), "", authorities);
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    }

    /** The organisation of a signed-in user's authentication. */
    public static Optional<UUID> tenantOf(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(TENANT_AUTHORITY_PREFIX))
                .map(a -> UUID.fromString(a.substring(TENANT_AUTHORITY_PREFIX.length())))
                .findFirst();
    }
}
