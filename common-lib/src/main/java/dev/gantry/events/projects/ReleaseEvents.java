package dev.gantry.events.projects;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/**
 * The go-live events project-service publishes on {@value Topics#PROJECTS}; the aggregate (and key) is the release,
 * so a release's events arrive in order.
 */
public final class ReleaseEvents {

    public static final EventType<ReleaseStarted> STARTED =
            new EventType<>("gantry.release.started.v1", Topics.PROJECTS, ReleaseStarted.class);
    public static final EventType<ReleaseStageEntered> STAGE_ENTERED =
            new EventType<>("gantry.release.stage-entered.v1", Topics.PROJECTS, ReleaseStageEntered.class);
    public static final EventType<ReleaseApprovalRequested> APPROVAL_REQUESTED =
            new EventType<>("gantry.release.approval-requested.v1", Topics.PROJECTS, ReleaseApprovalRequested.class);
    public static final EventType<ReleaseStageApproved> STAGE_APPROVED =
            new EventType<>("gantry.release.stage-approved.v1", Topics.PROJECTS, ReleaseStageApproved.class);
    public static final EventType<ReleaseStageRejected> STAGE_REJECTED =
            new EventType<>("gantry.release.stage-rejected.v1", Topics.PROJECTS, ReleaseStageRejected.class);
    public static final EventType<ReleaseCompleted> COMPLETED =
            new EventType<>("gantry.release.completed.v1", Topics.PROJECTS, ReleaseCompleted.class);
    public static final EventType<ReleaseRolledBack> ROLLED_BACK =
            new EventType<>("gantry.release.rolled-back.v1", Topics.PROJECTS, ReleaseRolledBack.class);
    public static final EventType<ReleaseAborted> ABORTED =
            new EventType<>("gantry.release.aborted.v1", Topics.PROJECTS, ReleaseAborted.class);

    private ReleaseEvents() {
    }
}
