package dev.gantry.user.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.crypto.SecretCipher;
import dev.gantry.user.directory.Caller;
import dev.gantry.user.directory.User;
import dev.gantry.user.directory.Users;
import dev.gantry.user.password.LockoutPolicy;
import dev.gantry.user.password.Passwords;
import dev.gantry.user.tenant.Tenants;

/** TOTP two-factor authentication of users: enrollment, confirmation, recovery codes, disabling and checking. */
@Service
public class Mfa {

    /** What a user sees of their two-factor set-up. */
    public record Status(boolean totpEnabled, int recoveryCodesLeft, boolean requiredByOrganisation) {
    }

    /** A started enrollment: the secret for the authenticator app, as text and as a QR-code URI. */
    public record Enrollment(String secret, String otpauthUri) {
    }

    /** Recovery codes, shown this once. */
    public record RecoveryCodeList(List<String> recoveryCodes) {
    }

    private final MfaRepository repository;
    private final Users users;
    private final Tenants tenants;
    private final AuditLog audit;
    private final SecretCipher cipher;
    private final SecureRandom random;
    private final String issuer;
    private final LockoutPolicy lockout;
    private final Passwords passwords;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    Mfa(MfaRepository repository, Users users, Tenants tenants, AuditLog audit, SecretCipher cipher,
            MfaProperties properties, LockoutPolicy lockout, Passwords passwords,
            PlatformTransactionManager transactions, Clock clock) {
        this.lockout = lockout;
        this.passwords = passwords;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.repository = repository;
        this.users = users;
        this.tenants = tenants;
        this.audit = audit;
        this.random = new SecureRandom();
        this.cipher = cipher;
        this.issuer = properties.issuer();
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Status status(CurrentUser token) {
        Caller caller = users.caller(token);
        boolean enabled = repository.find(caller.tenantId(), caller.userId())
                .map(MfaRepository.TotpCredential::confirmed).orElse(false);
        return new Status(enabled, enabled ? repository.unusedRecoveryCodes(caller.tenantId(), caller.userId()) : 0,
                tenants.mfaRequired(caller.tenantId()));
    }

    /** Starts enrollment with a new random 160-bit secret (RFC 4226 recommends 160 bits for HMAC-SHA1). */
    @Transactional
    public Enrollment begin(CurrentUser token) {
        Caller caller = users.caller(token);
        User me = users.me(token);
        if (repository.findForUpdate(caller.tenantId(), caller.userId()).filter(MfaRepository.TotpCredential::confirmed)
                .isPresent()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("mfa-already-enabled"),
                    "Two-factor authentication already enabled", "Disable it first to enroll another authenticator.");
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        repository.saveEnrollment(caller.tenantId(), caller.userId(), cipher.encrypt(secret, bound(caller)), now());
        String base32 = Base32.encode(secret);
        String label = URLEncoder.encode(issuer + ":" + me.email(), StandardCharsets.UTF_8).replace("+", "%20");
        return new Enrollment(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    /** Confirms the enrollment with a code from the app; turns two-factor on and hands out recovery codes. */
    @Transactional
    public RecoveryCodeList confirm(CurrentUser token, String code) {
        Caller caller = users.caller(token);
        MfaRepository.TotpCredential credential = repository.findForUpdate(caller.tenantId(), caller.userId())
                .orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, Problems.type("mfa-not-enrolling"),
                        "No enrollment in progress", "Start an enrollment first."));
        if (credential.confirmed()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("mfa-already-enabled"),
                    "Two-factor authentication already enabled", "It is already on.");
        }
        OptionalLong step = Totp.matchingStep(cipher.decrypt(credential.encryptedSecret(), bound(caller)), code,
                clock.instant(), credential.lastUsedStep());
        if (step.isEmpty()) {
            throw wrongCode();
        }
        repository.confirm(caller.tenantId(), caller.userId(), step.getAsLong(), now());
        List<String> codes = newRecoveryCodes(caller);
        audit.record(AuditEventType.MFA_ENABLED, caller.userId(), caller.userId(), Map.of("method", "totp"));
        return new RecoveryCodeList(codes);
    }

    /** Replaces the recovery codes, e.g. after using some; needs a current code. */
    @Transactional
    public RecoveryCodeList regenerateRecoveryCodes(CurrentUser token, String code) {
        Caller caller = users.caller(token);
        requireSecondFactor(caller, code, "recovery-code-renewal");
        return new RecoveryCodeList(newRecoveryCodes(caller));
    }

    /** Turns two-factor off with a current code or a recovery code, unless the organisation requires it. */
    @Transactional
    public void disable(CurrentUser token, String code) {
        Caller caller = users.caller(token);
        if (tenants.mfaRequired(caller.tenantId())) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("mfa-required"),
                    "Two-factor authentication required", "Your organisation requires two-factor authentication.");
        }
        requireSecondFactor(caller, code, "mfa-disable");
        repository.removeAll(caller.tenantId(), caller.userId());
        audit.record(AuditEventType.MFA_DISABLED, caller.userId(), caller.userId(), Map.of());
    }

    /** What checking a second factor found; {@code lockedUntil} is set when the factor is locked. */
    public record Check(boolean accepted, Instant lockedUntil) {
    }

    /**
     * Checks a second factor of a user of the current tenant: a TOTP code not used before, or an unused recovery
     * code (which is used up). Wrong codes count towards a lockout with backoff, like wrong passwords; the count, the
     * used code and the audit entries commit in a transaction of their own, whatever the caller does next. For the
     * sign-in flow and for changes that need a second factor.
     *
     * @param during what the check is for, kept in the audit log
     */
    public Check check(UUID tenantId, UUID userId, String code, String during) {
        return ownTransaction.execute(status -> {
            var found = repository.findForUpdate(tenantId, userId).filter(MfaRepository.TotpCredential::confirmed);
            if (found.isEmpty()) {
                return new Check(false, null);
            }
            MfaRepository.TotpCredential credential = found.get();
            Instant now = now();
            if (LockoutPolicy.isLocked(credential.lockedUntil(), now)) {
                audit.record(AuditEventType.LOGIN_FAILED, userId, userId, Map.of("during", during,
                        "reason", "second-factor-locked"));
                return new Check(false, credential.lockedUntil());
            }
            if (accepts(tenantId, userId, credential, code)) {
                if (credential.failedAttempts() > 0) {
                    repository.recordAttempt(tenantId, userId, 0, null);
                }
                return new Check(true, null);
            }
            int failures = credential.failedAttempts() + 1;
            Instant lockedUntil = lockout.lockAfter(failures).map(now::plus).orElse(null);
            repository.recordAttempt(tenantId, userId, failures, lockedUntil);
            audit.record(AuditEventType.LOGIN_FAILED, userId, userId, Map.of("during", during,
                    "reason", "wrong-second-factor", "consecutiveFailures", Integer.toString(failures)));
            if (lockedUntil != null) {
                audit.record(AuditEventType.ACCOUNT_LOCKED, null, userId, Map.of("until", lockedUntil.toString(),
                        "factor", "totp", "consecutiveFailures", Integer.toString(failures)));
            }
            return new Check(false, lockedUntil);
        });
    }

    private boolean accepts(UUID tenantId, UUID userId, MfaRepository.TotpCredential credential, String code) {
        if (code == null) {
            return false;
        }
        if (RecoveryCodes.looksLikeRecoveryCode(code)) {
            boolean used = repository.useRecoveryCode(tenantId, userId, RecoveryCodes.hash(code), now());
            if (used) {
                audit.record(AuditEventType.MFA_RECOVERY_CODE_USED, userId, userId, Map.of("left",
                        Integer.toString(repository.unusedRecoveryCodes(tenantId, userId))));
            }
            return used;
        }
        OptionalLong step = Totp.matchingStep(cipher.decrypt(credential.encryptedSecret(), tenantId + "/" + userId),
                code, clock.instant(), credential.lastUsedStep());
        step.ifPresent(s -> repository.markStepUsed(tenantId, userId, s));
        return step.isPresent();
    }

    /** Whether the user has confirmed two-factor authentication. */
    @Transactional(readOnly = true)
    public boolean isEnabled(UUID tenantId, UUID userId) {
        return repository.find(tenantId, userId).map(MfaRepository.TotpCredential::confirmed).orElse(false);
    }

    private void requireSecondFactor(Caller caller, String code, String during) {
        Check check = check(caller.tenantId(), caller.userId(), code, during);
        if (check.lockedUntil() != null) {
            throw passwords.locked(check.lockedUntil());
        }
        if (!check.accepted()) {
            throw wrongCode();
        }
    }

    private List<String> newRecoveryCodes(Caller caller) {
        List<String> codes = RecoveryCodes.generate(random);
        repository.replaceRecoveryCodes(caller.tenantId(), caller.userId(),
                codes.stream().map(RecoveryCodes::hash).toList());
        return codes;
    }

    private static String bound(Caller caller) {
        return caller.tenantId() + "/" + caller.userId();
    }

    private static ValidationProblem wrongCode() {
        return new ValidationProblem(List.of(new FieldError("code",
                "is not a current code of your authenticator app nor an unused recovery code")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
