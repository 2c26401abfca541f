package dev.gantry.events.projects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The full state of a release as every release event carries it: its stages in order and the current one, and the
 * template version it started from (a running release keeps it).
 */
public record ReleaseState(UUID releaseId, UUID projectId, String projectKey, String name, String version,
        UUID templateId, int templateVersion, ReleaseStatus status, LocalDate plannedDate, UUID currentStageId,
        List<ReleaseStage> stages, UUID startedBy, Instant startedAt, Instant endedAt) {

    public ReleaseState {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }
}
