package dev.gantry.project.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import dev.gantry.events.projects.ReleaseStatus;

/**
 * A go-live run (上线) of a project. {@code version} is the release's version label (e.g. 2.4.0); {@code revision}
 * counts its changes and is its ETag and the aggregate version of its events.
 */
public record Release(UUID id, UUID tenantId, UUID projectId, String name, String version, UUID templateId,
        int templateVersion, ReleaseStatus status, LocalDate plannedDate, UUID currentStageId, UUID startedBy,
        Instant startedAt, Instant endedAt, String endReason, long revision) {

    Release withStatus(ReleaseStatus newStatus, Instant endedAt, String reason) {
        return new Release(id, tenantId, projectId, name, version, templateId, templateVersion, newStatus, plannedDate,
                currentStageId, startedBy, startedAt, endedAt, reason, revision);
    }

    Release withCurrentStage(UUID stageId) {
        return new Release(id, tenantId, projectId, name, version, templateId, templateVersion, status, plannedDate,
                stageId, startedBy, startedAt, endedAt, endReason, revision);
    }

    Release withDetails(String newName, LocalDate newPlannedDate) {
        return new Release(id, tenantId, projectId, newName, version, templateId, templateVersion, status,
                newPlannedDate, currentStageId, startedBy, startedAt, endedAt, endReason, revision);
    }

    Release withRevision(long newRevision) {
        return new Release(id, tenantId, projectId, name, version, templateId, templateVersion, status, plannedDate,
                currentStageId, startedBy, startedAt, endedAt, endReason, newRevision);
    }
}
