package dev.gantry.user.client;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
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
import dev.gantry.user.directory.RoleRules;
import dev.gantry.user.directory.Users;
import dev.gantry.user.token.CredentialLookup;
import dev.gantry.user.token.Scopes;
import dev.gantry.user.token.Secrets;

/** Integration clients (client_credentials) that a tenant's owners and admins create and revoke. */
@Service
public class ApiClients {

    public static final String CLIENT_ID_PREFIX = "gnt_cli_";
    public static final String SECRET_PREFIX = "gnt_cs_";
    /** Active clients one organisation may have; a cap, so a compromised admin account cannot mint unboundedly. */
    static final int MAX_ACTIVE_PER_TENANT = 100;

    /** A new client with its secret, which is shown in this response only. */
    public record CreatedClient(ApiClient client, String clientSecret) {
    }

    /** An authenticated client: its tenant and scopes. */
    public record ClientPrincipal(UUID id, String clientId, UUID tenantId, List<String> scopes) {
    }

    private final ApiClientRepository repository;
    private final CredentialLookup lookup;
    private final PasswordEncoder encoder;
    private final Users users;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ApiClients(ApiClientRepository repository, CredentialLookup lookup, PasswordEncoder encoder, Users users,
            AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.lookup = lookup;
        this.encoder = encoder;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Transactional
    public CreatedClient create(CurrentUser token, String name, List<String> scopes) {
        Caller caller = admin(token);
        List<String> checked = Scopes.checked("scopes", scopes);
        if (repository.countActive(caller.tenantId()) >= MAX_ACTIVE_PER_TENANT) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("too-many-clients"), "Too many clients",
                    "The organisation already has " + MAX_ACTIVE_PER_TENANT + " active clients; revoke some first.");
        }
        String clientId = CLIENT_ID_PREFIX + Secrets.random(12);
        String secret = Secrets.newSecret(SECRET_PREFIX);
        ApiClient client = new ApiClient(Ids.newId(), clientId, name.strip(), checked, caller.userId(), now(), null);
        repository.insert(caller.tenantId(), client, encoder.encode(secret));
        lookup.register(Secrets.sha256(clientId), caller.tenantId(), CredentialLookup.CLIENT);
        audit.record(AuditEventType.CLIENT_CREATED, caller.userId(), client.id(), Map.of("clientId", clientId,
                "name", client.name(), "scopes", String.join(" ", checked)));
        return new CreatedClient(client, secret);
    }

    @Transactional(readOnly = true)
    public CursorPage<ApiClient> list(CurrentUser token, PageRequest page) {
        Caller caller = admin(token);
        return CursorPage.of(repository.page(caller.tenantId(), page), page.limit(),
                c -> PageRequest.cursorAfter(c.id()));
    }

    @Transactional(readOnly = true)
    public ApiClient get(CurrentUser token, UUID id) {
        Caller caller = admin(token);
        return find(caller, id);
    }

    @Transactional
    public void revoke(CurrentUser token, UUID id) {
        Caller caller = admin(token);
        ApiClient client = find(caller, id);
        if (repository.revoke(caller.tenantId(), id, now())) {
            audit.record(AuditEventType.CLIENT_REVOKED, caller.userId(), id, Map.of("clientId", client.clientId()));
        }
    }

    /**
     * The client a client id and secret authenticate, if active: what the authorization server's client
     * authentication for client_credentials uses.
     */
    public Optional<ClientPrincipal> authenticate(String clientId, String secret) {
        if (clientId == null || secret == null || !clientId.startsWith(CLIENT_ID_PREFIX) || clientId.length() > 64) {
            return Optional.empty();
        }
        Optional<UUID> tenant = transactions.execute(s -> lookup.tenantOf(Secrets.sha256(clientId),
                CredentialLookup.CLIENT));
        return tenant.flatMap(tenantId -> TenantContext.callAs(tenantId, () -> transactions.execute(s ->
                repository.findByClientId(tenantId, clientId)
                        .filter(c -> c.client().revokedAt() == null)
                        .filter(c -> encoder.matches(secret, c.secretHash()))
                        .map(c -> new ClientPrincipal(c.client().id(), clientId, tenantId, c.client().scopes())))));
    }

    /** An active client as the authorization server registers it: with its tenant and hashed secret. */
    public record Registration(ApiClient client, UUID tenantId, String secretHash) {
    }

    /** The active client with this client id, from any tenant: for the authorization server's client lookup. */
    public Optional<Registration> registration(String clientId) {
        if (clientId == null || !clientId.startsWith(CLIENT_ID_PREFIX) || clientId.length() > 64) {
            return Optional.empty();
        }
        Optional<UUID> tenant = transactions.execute(s -> lookup.tenantOf(Secrets.sha256(clientId),
                CredentialLookup.CLIENT));
        return tenant.flatMap(tenantId -> TenantContext.callAs(tenantId, () -> transactions.execute(s ->
                repository.findByClientId(tenantId, clientId)
                        .filter(c -> c.client().revokedAt() == null)
                        .map(c -> new Registration(c.client(), tenantId, c.secretHash())))));
    }

    private Caller admin(CurrentUser token) {
        Caller caller = users.caller(token);
        RoleRules.requireCanManageUsers(caller);
        return caller;
    }

    private ApiClient find(Caller caller, UUID id) {
        return repository.find(caller.tenantId(), id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                Problems.NOT_FOUND, "Client not found", "No client " + id + " in your organisation."));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
