package dev.gantry.project.release;

import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;

/**
 * The states of a release and its stages, and which moves are allowed. A release RUNNING moves stage by stage: a stage
 * is PENDING until entered, ACTIVE while worked on, AWAITING_APPROVAL once sign-off is requested (a rejection sends
 * it back to ACTIVE), APPROVED when its rule is satisfied; approving the last stage COMPLETES the release. A running
 * release can be ABORTED; a running or completed one ROLLED_BACK (回滚). Plain Java.
 */
public final class ReleaseStateMachine {

    private ReleaseStateMachine() {
    }

    public static boolean canWorkOn(ReleaseStatus release) {
        return release == ReleaseStatus.RUNNING;
    }

    public static boolean canAbort(ReleaseStatus release) {
        return release == ReleaseStatus.RUNNING;
    }

    public static boolean canRollBack(ReleaseStatus release) {
        return release == ReleaseStatus.RUNNING || release == ReleaseStatus.COMPLETED;
    }

    /** Checklist items change only while their stage is being worked on. */
    public static boolean canChangeChecklist(ReleaseStatus release, StageStatus stage) {
        return canWorkOn(release) && stage == StageStatus.ACTIVE;
    }

    public static boolean canRequestApproval(ReleaseStatus release, StageStatus stage) {
        return canWorkOn(release) && stage == StageStatus.ACTIVE;
    }

    /** Moving on: the current stage must be approved and there must be a next one. */
    public static boolean canAdvance(ReleaseStatus release, StageStatus current, boolean hasNext) {
        return canWorkOn(release) && current == StageStatus.APPROVED && hasNext;
    }

    /** A retrospective describes a release that ended. */
    public static boolean hasEnded(ReleaseStatus release) {
        return release != ReleaseStatus.RUNNING;
    }
}
