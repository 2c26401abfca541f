package dev.gantry.user.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.directory.Caller;
import dev.gantry.user.directory.Users;

/** Personal API tokens for scripts: created and shown once, listed without secrets, revoked, and authenticated. */
@Service
public class ApiTokens {

    public static final String PREFIX = "gnt_pat_";
    /** Usable tokens one user may hold at once: enough for any honest set of scripts. */
    static final int MAX_USABLE_PER_USER = 50;

    /** A new token with its secret, which is shown in this response only. */
    public record CreatedToken(ApiToken token, String secret) {
    }

    /** Who a presented token acts for. */
    public record TokenPrincipal(UUID tokenId, UUID tenantId, UUID userId, List<String> scopes) {
    }

    private final ApiTokenRepository repository;
    private final CredentialLookup lookup;
    private final Users users;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ApiTokens(ApiTokenRepository repository, CredentialLookup lookup, Users users, AuditLog audit,
            TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.lookup = lookup;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Transactional
    public CreatedToken create(CurrentUser token, String name, List<String> scopes, int expiresInDays) {
        Caller caller = users.caller(token);
        List<String> checked = Scopes.checked("scopes", scopes);
        Instant now = now();
        if (repository.countUsable(caller.tenantId(), caller.userId(), now) >= MAX_USABLE_PER_USER) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("too-many-tokens"), "Too many tokens",
                    "You already have " + MAX_USABLE_PER_USER + " usable tokens; revoke some first.");
        }
        String secret = Secrets.newSecret(PREFIX);
        String hash = Secrets.sha256(secret);
        ApiToken created = new ApiToken(Ids.newId(), caller.userId(), name.strip(),
                secret.substring(0, PREFIX.length() + 4), checked, now, now.plus(Duration.ofDays(expiresInDays)),
                null, null);
        repository.insert(caller.tenantId(), created, hash);
        lookup.register(hash, caller.tenantId(), CredentialLookup.TOKEN);
        audit.record(AuditEventType.TOKEN_CREATED, caller.userId(), created.id(), Map.of("name", created.name(),
                "scopes", String.join(" ", checked), "expiresAt", created.expiresAt().toString()));
        return new CreatedToken(created, secret);
    }

    @Transactional(readOnly = true)
    public CursorPage<ApiToken> list(CurrentUser token, PageRequest page) {
        Caller caller = users.caller(token);
        return CursorPage.of(repository.page(caller.tenantId(), caller.userId(), page), page.limit(),
                t -> PageRequest.cursorAfter(t.id()));
    }

    /** Revokes one of the caller's tokens; owners and admins may revoke any token of the organisation. */
    @Transactional
    public void revoke(CurrentUser token, UUID id) {
        Caller caller = users.caller(token);
        ApiToken found = repository.find(caller.tenantId(), id)
                .filter(t -> t.userId().equals(caller.userId()) || caller.isAdmin())
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Token not found",
                        "No token " + id + " of yours."));
        if (repository.revoke(caller.tenantId(), found.id(), now())) {
            audit.record(AuditEventType.TOKEN_REVOKED, caller.userId(), found.id(), Map.of("name", found.name(),
                    "owner", found.userId().toString()));
        }
    }

    /**
     * The user a presented token acts for, if it is one of ours, unrevoked, unexpired and its user is active. This
     * is what the gateway's token exchange for personal tokens calls.
     */
    public Optional<TokenPrincipal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() != PREFIX.length() + 43) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(presented);
        Optional<UUID> tenant = transactions.execute(s -> lookup.tenantOf(hash, CredentialLookup.TOKEN));
        return tenant.flatMap(tenantId -> TenantContext.callAs(tenantId, () -> transactions.execute(s -> {
            Instant now = now();
            return repository.findBySecretHash(tenantId, hash)
                    .filter(t -> t.usableAt(now))
                    .filter(t -> users.findActive(tenantId, t.userId()).isPresent())
                    .map(t -> {
                        repository.touch(tenantId, t.id(), now);
                        return new TokenPrincipal(t.id(), tenantId, t.userId(), t.scopes());
                    });
        })));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
