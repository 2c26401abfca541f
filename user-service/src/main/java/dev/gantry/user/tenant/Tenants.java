package dev.gantry.user.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.directory.Caller;
import dev.gantry.user.directory.ProfileRules;
import dev.gantry.user.directory.RoleRules;
import dev.gantry.user.directory.User;
import dev.gantry.user.directory.Users;
import dev.gantry.user.password.Passwords;

/** Organisations: self-service sign-up and their settings. */
@Service
public class Tenants {

    private final TenantRepository repository;
    private final Users users;
    private final Passwords passwords;
    private final SignUpCooldown cooldown;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Tenants(TenantRepository repository, Users users, Passwords passwords, SignUpCooldown cooldown,
            AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.audit = audit;
        this.repository = repository;
        this.users = users;
        this.passwords = passwords;
        this.cooldown = cooldown;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The organisation and its owner a sign-up created. */
    public record SignedUp(Tenant tenant, User owner) {
    }

    /**
     * Creates an organisation with the caller as its owner. Nobody is signed in yet, so the work runs in the new
     * tenant's scope, with the new owner as the actor of its events.
     */
    public SignedUp signUp(SignUp request) {
        ProfileRules.check("locale", request.locale(), "timeZone", request.timeZone());
        String email = ProfileRules.normalizeEmail(request.email());
        passwords.requireAcceptable("password", request.password(), email);
        cooldown.reserve(email).ifPresent(left -> {
            throw tooSoon(left);
        });
        UUID tenantId = Ids.newId();
        UUID ownerId = Ids.newId();
        try {
            return TenantContext.callAs(tenantId, ownerId.toString(), () -> transactions.execute(status -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                Tenant tenant = new Tenant(tenantId, request.organisationName().strip(), false, now, now, 1);
                repository.insert(tenant);
                User owner = users.createOwner(tenantId, ownerId, email, request.displayName(), request.locale(),
                        request.timeZone(), request.password());
                return new SignedUp(tenant, owner);
            }));
        } catch (RuntimeException failed) {
            cooldown.release(email);
            throw failed;
        }
    }

    @Transactional(readOnly = true)
    public Tenant current(CurrentUser token) {
        Caller caller = users.caller(token);
        return find(caller);
    }

    @Transactional
    public Tenant update(CurrentUser token, long expectedVersion, TenantChange change) {
        Caller caller = users.caller(token);
        RoleRules.requireCanManageUsers(caller);
        Tenant before = find(caller);
        Versions.require("organisation", expectedVersion, before.version());
        String name = change.name() == null ? before.name() : change.name().strip();
        boolean mfaRequired = change.mfaRequired() == null ? before.mfaRequired() : change.mfaRequired();
        if (name.equals(before.name()) && mfaRequired == before.mfaRequired()) {
            return before;
        }
        Tenant after = new Tenant(before.id(), name, mfaRequired, before.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), before.version() + 1);
        if (!repository.update(after, expectedVersion)) {
            throw Versions.stale("organisation", before.version() + 1);
        }
        if (mfaRequired != before.mfaRequired()) {
            audit.record(AuditEventType.TENANT_MFA_REQUIREMENT_CHANGED, caller.userId(), caller.tenantId(),
                    Map.of("mfaRequired", Boolean.toString(mfaRequired)));
        }
        return after;
    }

    /** Whether the organisation requires its users to sign in with a second factor. */
    @Transactional(readOnly = true)
    public boolean mfaRequired(UUID tenantId) {
        return repository.find(tenantId).map(Tenant::mfaRequired).orElse(false);
    }

    private Tenant find(Caller caller) {
        return repository.find(caller.tenantId()).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                Problems.NOT_FOUND, "Organisation not found", "Your organisation does not exist."));
    }

    private static ProblemException tooSoon(Duration left) {
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, Problems.type("sign-up-cooldown"),
                "Too many sign-ups", "This e-mail address signed up an organisation a short while ago; try again in "
                        + left.toSeconds() + " s.");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(left.toSeconds()));
        return problem;
    }
}
