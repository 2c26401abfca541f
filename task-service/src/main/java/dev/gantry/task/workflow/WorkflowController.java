package dev.gantry.task.workflow;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.StatusCategory;

@RestController
@RequestMapping("/api/v1/projects/{projectId}/workflow")
class WorkflowController {

    private final Workflows workflows;

    WorkflowController(Workflows workflows) {
        this.workflows = workflows;
    }

    record StatusDefinition(@NotBlank @Size(max = 40) @Pattern(regexp = "[A-Z][A-Z0-9_]*") String status,
            @NotBlank @Size(max = 100) String name, @NotNull StatusCategory category,
            @Min(1) @Max(10_000) Integer wipLimit, Workflow.WipPolicy wipPolicy) {
    }

    record TransitionDefinition(@NotBlank @Size(max = 40) String from, @NotBlank @Size(max = 40) String to) {
    }

    record WorkflowDefinition(@NotNull @Size(min = 1, max = 30) List<@Valid @NotNull StatusDefinition> statuses,
            @NotNull @Size(max = 500) List<@Valid @NotNull TransitionDefinition> transitions) {

        Workflow toWorkflow() {
            Set<Workflow.Transition> edges = transitions.stream()
                    .map(t -> new Workflow.Transition(t.from(), t.to())).collect(Collectors.toSet());
            return new Workflow(statuses.stream().map(s -> new Workflow.Status(s.status(), s.name(), s.category(),
                    s.wipLimit(), s.wipPolicy() == null ? Workflow.WipPolicy.WARN : s.wipPolicy())).toList(), edges, 0);
        }
    }

    @GetMapping
    ResponseEntity<Workflow> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId) {
        Workflow workflow = workflows.get(CurrentUser.from(token), projectId);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(workflow.version())).body(workflow);
    }

    @PutMapping
    ResponseEntity<Workflow> replace(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody WorkflowDefinition definition) {
        long expected = Versions.expected(ifMatch);
        Workflow workflow = workflows.replace(CurrentUser.from(token), projectId, expected, definition.toWorkflow());
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(workflow.version())).body(workflow);
    }
}
