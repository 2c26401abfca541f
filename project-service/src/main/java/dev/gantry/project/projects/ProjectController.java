package dev.gantry.project.projects;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {

    private final Projects projects;

    ProjectController(Projects projects) {
        this.projects = projects;
    }

    @PostMapping
    ResponseEntity<Project> create(@AuthenticationPrincipal Jwt token, @Valid @RequestBody NewProject request) {
        Project project = projects.create(CurrentUser.from(token), request);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + project.id())).body(project);
    }

    @GetMapping("/{id}")
    Project get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return projects.get(CurrentUser.from(token), id);
    }

    @GetMapping
    CursorPage<Project> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return projects.list(CurrentUser.from(token), PageRequest.of(limit, cursor));
    }
}
