package dev.gantry.project.projects;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
import dev.gantry.events.projects.ProjectMember;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {

    private final Projects projects;
    private final ProjectMembers members;

    ProjectController(Projects projects, ProjectMembers members) {
        this.projects = projects;
        this.members = members;
    }

    @PostMapping
    ResponseEntity<Project> create(@AuthenticationPrincipal Jwt token, @Valid @RequestBody NewProject request) {
        Project project = projects.create(CurrentUser.from(token), request);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + project.id()))
                .eTag(Versions.etag(project.version())).body(project);
    }

    @GetMapping("/{id}")
    ResponseEntity<Project> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return withEtag(projects.get(CurrentUser.from(token), id));
    }

    @GetMapping
    CursorPage<Project> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID member, @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort) {
        return projects.list(CurrentUser.from(token), ProjectQuery.of(status, member, q, sort),
                PageRequest.of(limit, cursor));
    }

    @PatchMapping("/{id}")
    ResponseEntity<Project> update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ProjectChanges changes) {
        return withEtag(projects.update(CurrentUser.from(token), id, changes, Versions.expected(ifMatch)));
    }

    @PostMapping("/{id}/archive")
    ResponseEntity<Project> archive(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(projects.archive(CurrentUser.from(token), id, Versions.expected(ifMatch)));
    }

    @PostMapping("/{id}/restore")
    ResponseEntity<Project> restore(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(projects.restore(CurrentUser.from(token), id, Versions.expected(ifMatch)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        projects.delete(CurrentUser.from(token), id, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/members")
    Map<String, List<ProjectMember>> members(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return Map.of("items", members.list(CurrentUser.from(token), id));
    }

    /** Adding creates the membership, so If-Match is optional here; the answer carries the project's new ETag. */
    @PostMapping("/{id}/members")
    ResponseEntity<ProjectMember> addMember(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NewMember request) {
        ProjectMembers.MemberChange change = members.add(CurrentUser.from(token), id, request,
                ifMatch == null ? null : Versions.expected(ifMatch));
        return ResponseEntity.created(URI.create("/api/v1/projects/" + id + "/members/" + request.userId()))
                .eTag(Versions.etag(change.project().version())).body(change.member());
    }

    @PatchMapping("/{id}/members/{userId}")
    ResponseEntity<ProjectMember> changeMember(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @PathVariable UUID userId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody MemberChanges changes) {
        ProjectMembers.MemberChange change = members.change(CurrentUser.from(token), id, userId, changes,
                Versions.expected(ifMatch));
        return ResponseEntity.ok().eTag(Versions.etag(change.project().version())).body(change.member());
    }

    @DeleteMapping("/{id}/members/{userId}")
    ResponseEntity<Void> removeMember(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @PathVariable UUID userId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Project project = members.remove(CurrentUser.from(token), id, userId, Versions.expected(ifMatch));
        return ResponseEntity.noContent().eTag(Versions.etag(project.version())).build();
    }

    private static ResponseEntity<Project> withEtag(Project project) {
        return ResponseEntity.ok().eTag(Versions.etag(project.version())).body(project);
    }
}
