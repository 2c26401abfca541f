package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.release.stage-rejected.v1}: an approver rejected; the stage went back to work. */
public record ReleaseStageRejected(ReleaseState release, UUID stageId, UUID approverId, String comment) {
}
