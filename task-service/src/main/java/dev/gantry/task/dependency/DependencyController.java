package dev.gantry.task.dependency;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.DependencyType;

@RestController
@RequestMapping("/api/v1/tasks/{taskId}/dependencies")
class DependencyController {

    private final Dependencies dependencies;

    DependencyController(Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    /** The task (the successor) starts to depend on {@code predecessorId}. */
    record NewDependency(@NotNull UUID predecessorId, DependencyType type,
            @Min(-Dependencies.MAX_LAG) @Max(Dependencies.MAX_LAG) Integer lagDays) {
    }

    @PostMapping
    ResponseEntity<Dependency> add(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @Valid @RequestBody NewDependency request) {
        Dependency dependency = dependencies.add(CurrentUser.from(token), taskId, request.predecessorId(),
                request.type() == null ? DependencyType.FS : request.type(),
                request.lagDays() == null ? 0 : request.lagDays());
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + taskId + "/dependencies/" + dependency.id()))
                .header(HttpHeaders.ETAG, Versions.etag(Dependency.VERSION)).body(dependency);
    }

    @GetMapping
    Dependencies.TaskDependencies list(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId) {
        return dependencies.of(CurrentUser.from(token), taskId);
    }

    @DeleteMapping("/{dependencyId}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @PathVariable UUID dependencyId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        dependencies.remove(CurrentUser.from(token), taskId, dependencyId, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
