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
import org.springframework.transaction.annotation.Transactional;

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
    private final Clock clock;

    Mfa(MfaRepository repository, Users users, Tenants tenants, AuditLog audit, SecretCipher cipher,
            MfaProperties properties, Clock clock) {
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
        requireSecondFactor(caller, code);
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
        requireSecondFactor(caller, code);
        repository.removeAll(caller.tenantId(), caller.userId());
        audit.record(AuditEventType.MFA_DISABLED, caller.userId(), caller.userId(), Map.of());
    }

    /**
     * Checks a second factor of a user of the current tenant: a TOTP code not used before, or an unused recovery
     * code (which is used up). For the sign-in flow, which runs in the tenant's scope.
     */
    @Transactional
    public boolean verify(UUID tenantId, UUID userId, String code) {
        var credential = repository.findForUpdate(tenantId, userId).filter(MfaRepository.TotpCredential::confirmed);
        if (credential.isEmpty() || code == null) {
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
        OptionalLong step = Totp.matchingStep(cipher.decrypt(credential.get().encryptedSecret(),
                tenantId + "/" + userId), code, clock.instant(), credential.get().lastUsedStep());
        step.ifPresent(s -> repository.markStepUsed(tenantId, userId, s));
        return step.isPresent();
    }

    /** Whether the user has confirmed two-factor authentication. */
    @Transactional(readOnly = true)
    public boolean isEnabled(UUID tenantId, UUID userId) {
        return repository.find(tenantId, userId).map(MfaRepository.TotpCredential::confirmed).orElse(false);
    }

    private void requireSecondFactor(Caller caller, String code) {
        if (!verify(caller.tenantId(), caller.userId(), code)) {
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
