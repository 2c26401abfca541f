package dev.gantry.project.milestones;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Versions;

@RestController
@RequestMapping("/api/v1/milestones")
class MilestoneController {

    private final Milestones milestones;

    MilestoneController(Milestones milestones) {
        this.milestones = milestones;
    }

    @PostMapping
    ResponseEntity<Milestone> create(@AuthenticationPrincipal Jwt token,
            @Valid @RequestBody MilestoneRequests.NewMilestone request) {
        Milestone milestone = milestones.create(CurrentUser.from(token), request);
        return ResponseEntity.created(URI.create("/api/v1/milestones/" + milestone.id()))
                .eTag(Versions.etag(milestone.version())).body(milestone);
    }

    @GetMapping
    CursorPage<Milestone> list(@AuthenticationPrincipal Jwt token, @RequestParam UUID projectId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return milestones.list(CurrentUser.from(token), projectId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ResponseEntity<Milestone> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        Milestone milestone = milestones.get(CurrentUser.from(token), id);
        return ResponseEntity.ok().eTag(Versions.etag(milestone.version())).body(milestone);
    }

    @PatchMapping("/{id}")
    ResponseEntity<Milestone> update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody MilestoneRequests.MilestoneChanges changes) {
        Milestone milestone = milestones.update(CurrentUser.from(token), id, changes, Versions.expected(ifMatch));
        return ResponseEntity.ok().eTag(Versions.etag(milestone.version())).body(milestone);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        milestones.delete(CurrentUser.from(token), id, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
