package dev.gantry.user.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;

@RestController
@Validated
@RequestMapping("/api/v1/audit-events")
class AuditController {

    private final AuditEvents events;

    AuditController(AuditEvents events) {
        this.events = events;
    }

    /** Newest first; filter by type, actor, subject and a time range ({@code to} exclusive). */
    @GetMapping
    CursorPage<AuditEntry> list(@AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) @Size(max = 60) String type,
            @RequestParam(required = false) UUID actorId, @RequestParam(required = false) UUID subjectId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return events.page(CurrentUser.from(token), new AuditFilter(type, actorId, subjectId, from, to),
                PageRequest.of(limit, cursor));
    }

    @GetMapping("/verify")
    AuditEvents.Verification verify(@AuthenticationPrincipal Jwt token) {
        return events.verify(CurrentUser.from(token));
    }
}
