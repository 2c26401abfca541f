package dev.gantry.project.export;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.events.projects.ExportedProject;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectUpdated;
import dev.gantry.project.projects.Project;
import dev.gantry.project.projects.Projects;

/**
 * The internal export for rebuilding consumers' views (search-service's index): which tenants have projects, and
 * each tenant's live projects with members at their current version. Only a platform client may call it: a token
 * with scope {@value #SCOPE} and no tenant. Reading a tenant's projects runs as that tenant, so row-level security
 * still applies; listing the tenants goes through the schema owner's {@code export_tenants} function.
 */
@Service
public class ProjectExport {

    public static final String SCOPE = "gantry.export";

    private final JdbcClient jdbc;
    private final Projects projects;
    private final TransactionTemplate transactions;

    ProjectExport(JdbcClient jdbc, Projects projects, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
    }

    /** 403 unless the caller is a platform client allowed to export. */
    public static void requireExporter(CurrentUser caller) {
        if (caller.tenantId().isPresent() || !caller.scopes().contains(SCOPE)) {
            throw new AccessDeniedException("The export is for platform clients with scope " + SCOPE);
        }
    }

    @Transactional(readOnly = true)
    public List<UUID> tenants() {
        return jdbc.sql("select export_tenants()").query(UUID.class).list();
    }

    public CursorPage<ExportedProject> projects(UUID tenantId, PageRequest page) {
        // the transaction starts inside the tenant scope, so the tenant manager sets it for row-level security
        return TenantContext.callAs(tenantId, "export", () -> transactions.execute(status -> page(tenantId, page)));
    }

    private CursorPage<ExportedProject> page(UUID tenantId, PageRequest page) {
        List<Project> rows = jdbc.sql("""
                select * from projects where tenant_id = :tenantId and deleted_at is null
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit
                """)
                .param("tenantId", tenantId).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1).query(Projects.rowMapper()).list();
        CursorPage<Project> projectPage = CursorPage.of(rows, page.limit(), p -> PageRequest.cursorAfter(p.id()));
        Map<UUID, List<ProjectMember>> members = projectPage.items().stream()
                .collect(Collectors.toMap(Project::id, p -> projects.members(tenantId, p.id())));
        List<ExportedProject> items = projectPage.items().stream().map(p -> new ExportedProject(p.version(),
                new ProjectUpdated(p.id(), p.key(), p.name(), p.description(), p.status(), p.startDate(),
                        p.targetDate(), p.ownerId(), List.of()), members.get(p.id()))).toList();
        return new CursorPage<>(items, projectPage.nextCursor());
    }
}
