package dev.gantry.events.projects;

import java.util.UUID;

/**
 * {@code gantry.release.stage-approved.v1}: one approver approved; {@code stageApproved} tells whether the stage's
 * approval rule is now satisfied (e.g. the second of a dual sign-off).
 */
public record ReleaseStageApproved(ReleaseState release, UUID stageId, UUID approverId, String comment,
        boolean stageApproved) {
}
