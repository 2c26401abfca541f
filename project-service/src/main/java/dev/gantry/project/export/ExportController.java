package dev.gantry.project.export;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.events.projects.ExportedProject;

/** Internal: not routed by the gateway (it routes /api/v1/** only); called inside the cluster by platform clients. */
@RestController
@RequestMapping("/internal/v1/export")
class ExportController {

    private final ProjectExport export;

    ExportController(ProjectExport export) {
        this.export = export;
    }

    @GetMapping("/tenants")
    Map<String, List<UUID>> tenants(@AuthenticationPrincipal Jwt token) {
        ProjectExport.requireExporter(CurrentUser.from(token));
        return Map.of("items", export.tenants());
    }

    @GetMapping("/projects")
    CursorPage<ExportedProject> projects(@AuthenticationPrincipal Jwt token, @RequestParam UUID tenantId,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        ProjectExport.requireExporter(CurrentUser.from(token));
        return export.projects(tenantId, PageRequest.of(limit, cursor));
    }
}
