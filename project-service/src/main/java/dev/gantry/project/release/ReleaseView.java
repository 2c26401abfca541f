package dev.gantry.project.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.templates.Precondition;
import dev.gantry.project.templates.TemplateDefinition;

/** A release as the API shows it: its stages with their gate, checklist and the sign-off under way. */
public record ReleaseView(UUID id, UUID projectId, String projectKey, String name, String version, UUID templateId,
        int templateVersion, ReleaseStatus status, LocalDate plannedDate, UUID currentStageId, UUID startedBy,
        Instant startedAt, Instant endedAt, String endReason, long revision, List<StageView> stages) {

    /** A stage with its rule, checklist, and the current (or last) sign-off round with its decisions. */
    public record StageView(UUID id, String key, String name, int position, ProjectRole ownerRole, StageStatus status,
            LocalDate plannedStart, LocalDate plannedEnd, Instant enteredAt, Instant approvedAt,
            List<Precondition> preconditions, TemplateDefinition.ApprovalRule approvalRule,
            List<ChecklistItem> checklist, SignOff signOff) {
    }

    /** A sign-off round: who asked, who may decide, and the decisions so far. */
    public record SignOff(UUID requestId, int round, UUID requestedBy, Instant requestedAt, List<UUID> approverIds,
            String outcome, List<Approval> decisions) {
    }
}
