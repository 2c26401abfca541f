package dev.gantry.notification.integration;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.NoticeKind;

/**
 * Robots and webhooks per project or tenant. Tenant OWNERs/ADMINs manage all of them, a project's MANAGERs those of
 * their project. URLs pass the SSRF guard; URLs and secrets are stored encrypted and never shown again.
 */
@Service
public class Integrations {

    private static final String COLUMNS = """
            id, tenant_id, project_id, platform, name, url_display, url_encrypted, secret_encrypted,
            inbound_secret_encrypted, event_kinds, escalation, locale, enabled, version, created_by, created_at
            """;

    /** What a client sends to create or replace an integration; null secrets keep the stored ones on replace. */
    public record Definition(UUID projectId, Channel platform, String name, String url, String secret,
            String inboundSecret, Set<NoticeKind> eventKinds, boolean escalation, String locale, boolean enabled) {
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final WebhookUrlGuard guard;
    private final ProjectAccess access;
    private final Clock clock;

    Integrations(JdbcClient jdbc, SecretBox secrets, WebhookUrlGuard guard, ProjectAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.guard = guard;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public Integration create(CurrentUser caller, Definition definition) {
        authorize(caller, definition.projectId());
        check(definition);
        if (definition.url() == null) {
            throw invalid("url", "is required");
        }
        UUID id = Ids.newId();
        jdbc.sql("""
                insert into integrations (id, tenant_id, project_id, platform, name, url_encrypted, url_display,
                    secret_encrypted, inbound_secret_encrypted, event_kinds, escalation, locale, enabled, version,
                    created_by, created_at)
                values (:id, :tenantId, :projectId, :platform, :name, :url, :display, :secret, :inbound, :kinds,
                    :escalation, :locale, :enabled, 1, :createdBy, :at)
                """)
                .param("id", id).param("tenantId", TenantContext.requireTenant())
                .param("projectId", definition.projectId()).param("platform", definition.platform().name())
                .param("name", definition.name())
                .param("url", secrets.seal(definition.url(), context(id, "url")))
                .param("display", display(definition.url()))
                .param("secret", seal(definition.secret(), id, "secret"))
                .param("inbound", seal(definition.inboundSecret(), id, "inbound"))
                .param("kinds", kinds(definition.eventKinds())).param("escalation", definition.escalation())
                .param("locale", definition.locale()).param("enabled", definition.enabled())
                .param("createdBy", caller.userId()).param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Integration get(CurrentUser caller, UUID id) {
        Integration integration = find(id).orElseThrow(() -> notFound(id));
        authorize(caller, integration.projectId());
        return integration;
    }

    /** The integrations of a project (MANAGERs and admins) or, without a project, all of the tenant's (admins). */
    @Transactional(readOnly = true)
    public CursorPage<Integration> list(CurrentUser caller, UUID projectId, PageRequest page) {
        authorize(caller, projectId);
        List<Integration> fetched = jdbc.sql("select " + COLUMNS + """
                from integrations
                where (cast(:projectId as uuid) is null or project_id = :projectId)
                  and (cast(:after as uuid) is null or id > :after)
                order by id limit :limit
                """)
                .param("projectId", projectId).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1).query(this::integration).list();
        return CursorPage.of(fetched, page.limit(), i -> PageRequest.cursorAfter(i.id()));
    }

    @Transactional
    public Integration replace(CurrentUser caller, UUID id, Definition definition, long expectedVersion) {
        Integration current = get(caller, id);
        if (definition.projectId() != null && !definition.projectId().equals(current.projectId())
                || definition.projectId() == null && current.projectId() != null) {
            throw invalid("projectId", "cannot change; create an integration in the other project instead");
        }
        if (definition.platform() != current.platform()) {
            throw invalid("platform", "cannot change; create a new integration instead");
        }
        check(definition);
        int changed = jdbc.sql("""
                update integrations set name = :name,
                    url_encrypted = coalesce(:url, url_encrypted), url_display = coalesce(:display, url_display),
                    secret_encrypted = coalesce(:secret, secret_encrypted),
                    inbound_secret_encrypted = coalesce(:inbound, inbound_secret_encrypted),
                    event_kinds = :kinds, escalation = :escalation, locale = :locale, enabled = :enabled,
                    version = version + 1
                where id = :id and version = :expected
                """)
                .param("id", id).param("expected", expectedVersion).param("name", definition.name())
                .param("url", definition.url() == null ? null : secrets.seal(definition.url(), context(id, "url")))
                .param("display", definition.url() == null ? null : display(definition.url()))
                .param("secret", seal(definition.secret(), id, "secret"))
                .param("inbound", seal(definition.inboundSecret(), id, "inbound"))
                .param("kinds", kinds(definition.eventKinds())).param("escalation", definition.escalation())
                .param("locale", definition.locale()).param("enabled", definition.enabled())
                .update();
        if (changed == 0) {
            throw Versions.stale("integration", current.version());
        }
        return find(id).orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser caller, UUID id, long expectedVersion) {
        Integration current = get(caller, id);
        if (jdbc.sql("delete from integrations where id = :id and version = :expected").param("id", id)
                .param("expected", expectedVersion).update() == 0) {
            throw Versions.stale("integration", current.version());
        }
    }

    /** The enabled integrations that post this kind for a project: its own and the tenant-wide ones. */
    @Transactional(readOnly = true)
    public List<Integration> postingTo(UUID projectId, NoticeKind kind) {
        return jdbc.sql("select " + COLUMNS + """
                from integrations where enabled and (project_id is null or project_id = :projectId) order by id
                """).param("projectId", projectId).query(this::integration).list().stream()
                .filter(i -> !i.escalation() || i.projectId() != null)
                .filter(i -> i.posts(kind)).toList();
    }

    /** The tenant's escalation channels. */
    @Transactional(readOnly = true)
    public List<Integration> escalationChannels() {
        return jdbc.sql("select " + COLUMNS + " from integrations where enabled and escalation order by id")
                .query(this::integration).list();
    }

    /** The decrypted URL and secrets of an integration of the current tenant. */
    @Transactional(readOnly = true)
    public Optional<IntegrationSecrets> secretsOf(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from integrations where id = :id").param("id", id)
                .query((rs, n) -> new IntegrationSecrets(id, rs.getObject("tenant_id", UUID.class),
                        Channel.valueOf(rs.getString("platform")),
                        secrets.open(rs.getString("url_encrypted"), context(id, "url")),
                        open(rs.getString("secret_encrypted"), id, "secret"),
                        open(rs.getString("inbound_secret_encrypted"), id, "inbound"), rs.getString("locale")))
                .optional();
    }

    /** The tenant an integration belongs to, asked before any tenant is known (a bot callback). */
    public Optional<UUID> tenantOf(UUID id) {
        return jdbc.sql("select integration_tenant(:id)").param("id", id).query(UUID.class).optional()
                .filter(java.util.Objects::nonNull);
    }

    @Transactional(readOnly = true)
    public Optional<Integration> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from integrations where id = :id").param("id", id)
                .query(this::integration).optional();
    }

    private void authorize(CurrentUser caller, UUID projectId) {
        if (projectId == null) {
            if (!ProjectAccess.isTenantAdmin(caller)) {
                throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                        "Only the organisation's OWNERs and ADMINs manage tenant-wide integrations.");
            }
            return;
        }
        access.require(caller, projectId, ProjectAction.MANAGE);
    }

    private void check(Definition definition) {
        if (definition.escalation() && definition.projectId() != null) {
            throw invalid("escalation", "only a tenant-wide integration can be the escalation channel");
        }
        if (definition.platform() == Channel.WEBHOOK && definition.secret() == null && definition.url() != null) {
            throw invalid("secret", "a generic webhook needs a signing secret");
        }
        if (definition.url() != null) {
            guard.refusal(definition.url()).ifPresent(reason -> {
                throw new ProblemException(org.springframework.http.HttpStatusCode.valueOf(422),
                        Problems.type("webhook-url-refused"), "Webhook URL refused", "The URL " + reason + ".");
            });
        }
    }

    private String seal(String value, UUID id, String field) {
        return value == null ? null : secrets.seal(value, context(id, field));
    }

    private String open(String value, UUID id, String field) {
        return value == null ? null : secrets.open(value, context(id, field));
    }

    private static String context(UUID id, String field) {
        return "integration:" + id + ":" + field;
    }

    private static String[] kinds(Set<NoticeKind> kinds) {
        return kinds == null ? new String[0] : kinds.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    /** The URL without its query (where robots carry their access token): enough to recognise it. */
    static String display(String url) {
        URI uri = URI.create(url);
        String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            shown += "?…";
        }
        // Feishu and WeCom put the credential in the path's last segment: show only its start
        int last = shown.lastIndexOf('/');
        if (uri.getRawQuery() == null && last > 8 && shown.length() - last > 12) {
            shown = shown.substring(0, last + 5) + "…";
        }
        return shown.length() > 300 ? shown.substring(0, 299) + "…" : shown;
    }

    private Integration integration(ResultSet rs, int row) throws SQLException {
        String[] kinds = (String[]) rs.getArray("event_kinds").getArray();
        Set<NoticeKind> eventKinds = kinds.length == 0 ? Set.of()
                : Arrays.stream(kinds).map(NoticeKind::valueOf)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(NoticeKind.class)));
        return new Integration(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                Channel.valueOf(rs.getString("platform")), rs.getString("name"), rs.getString("url_display"),
                rs.getString("secret_encrypted") != null, rs.getString("inbound_secret_encrypted") != null,
                eventKinds, rs.getBoolean("escalation"), rs.getString("locale"), rs.getBoolean("enabled"),
                rs.getLong("version"), rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }

    private static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Integration not found",
                "No integration " + id + " that you can see.");
    }
}
