package dev.gantry.task.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;

/** Projects' workflows: read by everyone in the project, configured by its MANAGERs. */
@Service
public class Workflows {

    private final WorkflowRepository repository;
    private final ProjectAccess access;

    Workflows(WorkflowRepository repository, ProjectAccess access) {
        this.repository = repository;
        this.access = access;
    }

    /** The project's workflow, the default one stored on first use. Call inside the tenant transaction. */
    public Workflow of(UUID projectId) {
        return repository.find(projectId).orElseGet(() -> {
            repository.insertIfAbsent(TenantContext.requireTenant(), projectId, Workflow.defaults());
            return repository.find(projectId).orElseThrow();
        });
    }

    /** Fails with 409 and the allowed next statuses unless the workflow allows {@code from → to}. */
    public Workflow.Status requireTransition(Workflow workflow, String from, String to) {
        Workflow.Status target = workflow.status(to).orElseThrow(() -> new ValidationProblem(List.of(
                new Problems.FieldError("status", "is not a status of this project's workflow: "
                        + workflow.statuses().stream().map(Workflow.Status::status).toList()))));
        if (!workflow.allows(from, to)) {
            ProblemException refused = new ProblemException(HttpStatus.CONFLICT, Problems.type("transition-not-allowed"),
                    "Transition not allowed", "The workflow does not allow " + from + " → " + to + "; from " + from
                            + " a task may move to " + workflow.allowedFrom(from) + ".");
            refused.getBody().setProperty("allowed", workflow.allowedFrom(from));
            throw refused;
        }
        return target;
    }

    @Transactional
    public Workflow get(CurrentUser caller, UUID projectId) {
        access.require(caller, projectId, ProjectAction.READ);
        return of(projectId);
    }

    @Transactional
    public Workflow replace(CurrentUser caller, UUID projectId, long expectedVersion, Workflow definition) {
        access.require(caller, projectId, ProjectAction.MANAGE);
        List<String> problems = definition.problems();
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems.stream().map(p -> new Problems.FieldError("workflow", p)).toList());
        }
        Workflow current = of(projectId);
        Versions.require("workflow", expectedVersion, current.version());
        Set<String> kept = new HashSet<>();
        definition.statuses().forEach(s -> kept.add(s.status()));
        List<String> orphaned = repository.statusesInUse(projectId).stream().filter(s -> !kept.contains(s)).toList();
        if (!orphaned.isEmpty()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("status-in-use"), "Status in use",
                    "Tasks are in " + orphaned + "; move them to another status before removing it.");
        }
        if (!repository.replace(TenantContext.requireTenant(), projectId, expectedVersion, definition)) {
            throw Versions.stale("workflow", current.version());
        }
        return repository.find(projectId).orElseThrow();
    }
}
