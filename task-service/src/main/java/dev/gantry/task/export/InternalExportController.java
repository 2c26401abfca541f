package dev.gantry.task.export;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.events.tasks.ExportedComment;
import dev.gantry.events.tasks.ExportedTask;
import dev.gantry.task.comment.Comments;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.Tasks;

/**
 * The internal export that consumers rebuild their views from (search-service's reindex): every tenant's tasks and
 * comments at their current version. Not routed by the gateway; only a platform client's token (scope
 * {@value #SCOPE}, no tenant) may call it.
 */
@RestController
@RequestMapping("/internal/v1/export")
class InternalExportController {

    static final String SCOPE = "gantry.export";

    private final Tasks tasks;
    private final Comments comments;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    InternalExportController(Tasks tasks, Comments comments, JdbcClient jdbc, TransactionTemplate transactions) {
        this.tasks = tasks;
        this.comments = comments;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    record Tenants(List<UUID> items) {
    }

    @GetMapping("/tenants")
    Tenants tenants(@AuthenticationPrincipal Jwt token) {
        requirePlatformExport(token);
        // export_tenants() runs as the schema owner: the one cross-tenant read, and it returns ids only
        return new Tenants(transactions.execute(status -> jdbc.sql("select export_tenants()").query(UUID.class)
                .list()));
    }

    @GetMapping("/tasks")
    CursorPage<ExportedTask> tasks(@AuthenticationPrincipal Jwt token, @RequestParam UUID tenantId,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        requirePlatformExport(token);
        PageRequest page = PageRequest.of(limit, cursor);
        List<Task> found = TenantContext.callAs(tenantId, () -> transactions.execute(
                status -> tasks.exportPage(page.after(), page.limit())));
        CursorPage<Task> shown = CursorPage.of(found, page.limit(), t -> PageRequest.cursorAfter(t.id()));
        return new CursorPage<>(shown.items().stream().map(t -> new ExportedTask(t.version(), t.state())).toList(),
                shown.nextCursor());
    }

    @GetMapping("/comments")
    CursorPage<ExportedComment> comments(@AuthenticationPrincipal Jwt token, @RequestParam UUID tenantId,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        requirePlatformExport(token);
        PageRequest page = PageRequest.of(limit, cursor);
        List<ExportedComment> found = TenantContext.callAs(tenantId, () -> transactions.execute(
                status -> comments.exportPage(page.after(), page.limit())));
        return CursorPage.of(found, page.limit(), c -> PageRequest.cursorAfter(c.comment().commentId()));
    }

    private static void requirePlatformExport(Jwt token) {
        CurrentUser caller = CurrentUser.from(token);
        if (!caller.scopes().contains(SCOPE) || caller.tenantId().isPresent()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "The export is for platform clients: a token with scope " + SCOPE + " and no tenant.");
        }
    }

}
