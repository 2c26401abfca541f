package dev.gantry.project.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.templates.TemplateDefinition;

/** One stage (阶段) of a release, with its definition as the template version had it when the release started. */
public record Stage(UUID id, String key, String name, int position, ProjectRole ownerRole,
        @JsonIgnore TemplateDefinition.Stage definition, StageStatus status, LocalDate plannedStart,
        LocalDate plannedEnd, Instant enteredAt, Instant approvalRequestedAt, UUID approvalRequestedBy,
        Instant approvedAt, int approvalRound) {

    public TemplateDefinition.ApprovalRule approvalRule() {
        return definition.approval();
    }

    public java.util.List<dev.gantry.project.templates.Precondition> preconditions() {
        return definition.effectivePreconditions(position);
    }

    Stage with(StageStatus newStatus) {
        return new Stage(id, key, name, position, ownerRole, definition, newStatus, plannedStart, plannedEnd,
                enteredAt, approvalRequestedAt, approvalRequestedBy, approvedAt, approvalRound);
    }
}
