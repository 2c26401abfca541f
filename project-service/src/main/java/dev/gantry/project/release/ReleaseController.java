package dev.gantry.project.release;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Versions;
import dev.gantry.events.projects.ReleaseStatus;

@RestController
class ReleaseController {

    private final Releases releases;
    private final Approvals approvals;
    private final Checklists checklists;
    private final Retrospectives retrospectives;

    ReleaseController(Releases releases, Approvals approvals, Checklists checklists, Retrospectives retrospectives) {
        this.releases = releases;
        this.approvals = approvals;
        this.checklists = checklists;
        this.retrospectives = retrospectives;
    }

    @PostMapping("/api/v1/projects/{projectId}/releases")
    ResponseEntity<ReleaseView> start(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @Valid @RequestBody ReleaseRequests.NewRelease request) {
        ReleaseView release = releases.start(CurrentUser.from(token), projectId, request);
        return ResponseEntity.created(URI.create("/api/v1/releases/" + release.id()))
                .eTag(Versions.etag(release.revision())).body(release);
    }

    @GetMapping("/api/v1/projects/{projectId}/releases")
    CursorPage<Release> listOfProject(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam(required = false) ReleaseStatus status, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return releases.list(CurrentUser.from(token), projectId, status, PageRequest.of(limit, cursor));
    }

    @GetMapping("/api/v1/releases")
    CursorPage<Release> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) UUID projectId,
            @RequestParam(required = false) ReleaseStatus status, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return releases.list(CurrentUser.from(token), projectId, status, PageRequest.of(limit, cursor));
    }

    @GetMapping("/api/v1/releases/{id}")
    ResponseEntity<ReleaseView> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return withEtag(releases.get(CurrentUser.from(token), id));
    }

    @PatchMapping("/api/v1/releases/{id}")
    ResponseEntity<ReleaseView> update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReleaseRequests.ReleaseChanges changes) {
        return withEtag(releases.update(CurrentUser.from(token), id, changes, Versions.expected(ifMatch)));
    }

    @PostMapping("/api/v1/releases/{id}/advance")
    ResponseEntity<ReleaseView> advance(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(releases.advance(CurrentUser.from(token), id, Versions.expected(ifMatch)));
    }

    @PostMapping("/api/v1/releases/{id}/rollback")
    ResponseEntity<ReleaseView> rollBack(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReleaseRequests.Reason reason) {
        return withEtag(releases.rollBack(CurrentUser.from(token), id, reason.reason(), Versions.expected(ifMatch)));
    }

    @PostMapping("/api/v1/releases/{id}/abort")
    ResponseEntity<ReleaseView> abort(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReleaseRequests.Reason reason) {
        return withEtag(releases.abort(CurrentUser.from(token), id, reason.reason(), Versions.expected(ifMatch)));
    }

    @PostMapping("/api/v1/releases/{id}/stages/{stageId}/approval-requests")
    ResponseEntity<ReleaseView> requestApproval(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @PathVariable UUID stageId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(approvals.request(CurrentUser.from(token), id, stageId, Versions.expected(ifMatch)));
    }

    @PostMapping("/api/v1/releases/{id}/stages/{stageId}/decisions")
    ResponseEntity<ReleaseView> decide(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @PathVariable UUID stageId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReleaseRequests.DecisionRequest request) {
        return withEtag(approvals.decide(CurrentUser.from(token), id, stageId, request.decision(), request.comment(),
                ifMatch == null ? null : Versions.expected(ifMatch)));
    }

    @PatchMapping("/api/v1/releases/{id}/checklist-items/{itemId}")
    ResponseEntity<ChecklistItem> changeItem(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @PathVariable UUID itemId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReleaseRequests.ItemChange request) {
        ChecklistItem item = checklists.change(CurrentUser.from(token), id, itemId, request,
                Versions.expected(ifMatch));
        return ResponseEntity.ok().eTag(Versions.etag(item.version())).body(item);
    }

    @PostMapping("/api/v1/releases/{id}/incidents")
    ResponseEntity<Incident> noteIncident(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @Valid @RequestBody ReleaseRequests.NewIncident request) {
        Incident incident = releases.noteIncident(CurrentUser.from(token), id, request);
        return ResponseEntity.status(201).body(incident);
    }

    @GetMapping("/api/v1/releases/{id}/timeline")
    CursorPage<TimelineEntry> timeline(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return releases.timeline(CurrentUser.from(token), id, PageRequest.of(limit, cursor));
    }

    @GetMapping("/api/v1/releases/{id}/retrospective")
    Retrospective retrospective(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return retrospectives.report(CurrentUser.from(token), id);
    }

    @GetMapping("/api/v1/releases/{id}/retrospective.pdf")
    ResponseEntity<byte[]> retrospectivePdf(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        Retrospective report = retrospectives.report(CurrentUser.from(token), id);
        return download(RetrospectiveDocuments.pdf(report), MediaType.APPLICATION_PDF, report, "pdf");
    }

    @GetMapping("/api/v1/releases/{id}/retrospective.md")
    ResponseEntity<byte[]> retrospectiveMarkdown(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        Retrospective report = retrospectives.report(CurrentUser.from(token), id);
        return download(RetrospectiveDocuments.markdown(report).getBytes(StandardCharsets.UTF_8),
                new MediaType("text", "markdown", StandardCharsets.UTF_8), report, "md");
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, Retrospective report, String ext) {
        String file = "retrospective-" + report.projectKey() + "-" + report.version().replaceAll("[^A-Za-z0-9.-]", "_")
                + "." + ext;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    private static ResponseEntity<ReleaseView> withEtag(ReleaseView release) {
        return ResponseEntity.ok().eTag(Versions.etag(release.revision())).body(release);
    }
}
