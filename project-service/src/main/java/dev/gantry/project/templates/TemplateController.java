package dev.gantry.project.templates;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
@RequestMapping("/api/v1/process-templates")
class TemplateController {

    record CloneRequest(@NotBlank @Size(max = 200) String name, Integer version) {
    }

    private final ProcessTemplates templates;

    TemplateController(ProcessTemplates templates) {
        this.templates = templates;
    }

    @GetMapping
    CursorPage<ProcessTemplate> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return templates.list(CurrentUser.from(token), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ResponseEntity<ProcessTemplate> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestParam(required = false) Integer version) {
        return withEtag(templates.get(CurrentUser.from(token), id, version));
    }

    @PostMapping
    ResponseEntity<ProcessTemplate> create(@AuthenticationPrincipal Jwt token,
            @Valid @RequestBody NewTemplate request) {
        ProcessTemplate template = templates.create(CurrentUser.from(token), request);
        return ResponseEntity.created(URI.create("/api/v1/process-templates/" + template.id()))
                .eTag(Versions.etag(template.latestVersion())).body(template);
    }

    @PutMapping("/{id}")
    ResponseEntity<ProcessTemplate> update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NewTemplate request) {
        return withEtag(templates.update(CurrentUser.from(token), id, request, Versions.expected(ifMatch)));
    }

    @PostMapping("/{id}/clone")
    ResponseEntity<ProcessTemplate> cloneTemplate(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @Valid @RequestBody CloneRequest request) {
        ProcessTemplate clone = templates.cloneOf(CurrentUser.from(token), id, request.version(), request.name());
        return ResponseEntity.created(URI.create("/api/v1/process-templates/" + clone.id()))
                .eTag(Versions.etag(clone.latestVersion())).body(clone);
    }

    private static ResponseEntity<ProcessTemplate> withEtag(ProcessTemplate template) {
        return ResponseEntity.ok().eTag(Versions.etag(template.latestVersion())).body(template);
    }
}
