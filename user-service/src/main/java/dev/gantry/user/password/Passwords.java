package dev.gantry.user.password;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.directory.Caller;

/** Users' passwords: setting them under the policy, checking them with lockout, changing them. */
@Service
public class Passwords {

    /** What checking a password found. */
    public enum Outcome {
        ACCEPTED, REJECTED, LOCKED, NOT_SET
    }

    /**
     * @param lockedUntil set when the account is locked (now, or by this failure)
     */
    public record Check(Outcome outcome, Instant lockedUntil) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    private final PasswordRepository repository;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final LockoutPolicy lockout;
    private final AuditLog audit;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    Passwords(PasswordRepository repository, PasswordEncoder encoder, PasswordPolicy policy, LockoutPolicy lockout,
            AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.encoder = encoder;
        this.policy = policy;
        this.lockout = lockout;
        this.audit = audit;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Refuses a password the policy does not accept, naming {@code field} in the 400. */
    public void requireAcceptable(String field, String password, String email) {
        List<String> problems = policy.problems(password, email);
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems.stream().map(p -> new FieldError(field, p)).toList());
        }
    }

    /** Sets a user's password in the transaction that creates the user (sign-up, creation by an admin). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setInitial(UUID tenantId, UUID userId, String email, String password) {
        requireAcceptable("password", password, email);
        repository.save(tenantId, userId, encoder.encode(password), now());
    }

    /**
     * Checks a user's password of the current tenant. Failures are counted and audited in a transaction of their
     * own, so they stay recorded when the caller's work fails because of them.
     *
     * @param during what the check is for, kept in the audit log (e.g. {@code sign-in}, {@code password-change})
     */
    public Check check(UUID tenantId, UUID userId, String password, String during) {
        return ownTransaction.execute(status -> {
            Instant now = now();
            Optional<PasswordRepository.Credential> found = repository.findForUpdate(tenantId, userId);
            if (found.isEmpty()) {
                audit.record(AuditEventType.LOGIN_FAILED, userId, userId, Map.of("during", during,
                        "reason", "no-password"));
                return new Check(Outcome.NOT_SET, null);
            }
            PasswordRepository.Credential credential = found.get();
            if (LockoutPolicy.isLocked(credential.lockedUntil(), now)) {
                audit.record(AuditEventType.LOGIN_FAILED, userId, userId, Map.of("during", during,
                        "reason", "locked"));
                return new Check(Outcome.LOCKED, credential.lockedUntil());
            }
            if (encoder.matches(password, credential.hash())) {
                if (credential.failedAttempts() > 0 || credential.lockedUntil() != null) {
                    repository.recordAttempt(tenantId, userId, 0, null);
                }
                return new Check(Outcome.ACCEPTED, null);
            }
            int failures = credential.failedAttempts() + 1;
            Optional<Duration> lock = lockout.lockAfter(failures);
            Instant lockedUntil = lock.map(now::plus).orElse(null);
            repository.recordAttempt(tenantId, userId, failures, lockedUntil);
            audit.record(AuditEventType.LOGIN_FAILED, userId, userId, Map.of("during", during,
                    "reason", "wrong-password", "consecutiveFailures", Integer.toString(failures)));
            if (lockedUntil != null) {
                audit.record(AuditEventType.ACCOUNT_LOCKED, null, userId, Map.of("until", lockedUntil.toString(),
                        "consecutiveFailures", Integer.toString(failures)));
                return new Check(Outcome.LOCKED, lockedUntil);
            }
            return new Check(Outcome.REJECTED, null);
        });
    }

    /** The caller changes their own password, proving they know the current one. */
    public void change(Caller caller, String email, String currentPassword, String newPassword) {
        Check check = check(caller.tenantId(), caller.userId(), currentPassword, "password-change");
        switch (check.outcome()) {
            case LOCKED -> throw locked(check.lockedUntil());
            case REJECTED, NOT_SET -> throw new ValidationProblem(List.of(
                    new FieldError("currentPassword", "is not your current password")));
            case ACCEPTED -> { }
        }
        if (currentPassword.equals(newPassword)) {
            throw new ValidationProblem(List.of(new FieldError("newPassword", "must differ from the current one")));
        }
        requireAcceptable("newPassword", newPassword, email);
        ownTransaction.executeWithoutResult(status -> {
            repository.save(caller.tenantId(), caller.userId(), encoder.encode(newPassword), now());
            audit.record(AuditEventType.PASSWORD_CHANGED, caller.userId(), caller.userId(), Map.of());
        });
    }

    /** The 429 for a locked account, telling when to try again. */
    public ProblemException locked(Instant until) {
        long seconds = Math.max(1, Duration.between(now(), until).toSeconds());
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, Problems.type("account-locked"),
                "Account locked", "Too many wrong passwords: the account is locked for " + seconds + " s.");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problem;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
