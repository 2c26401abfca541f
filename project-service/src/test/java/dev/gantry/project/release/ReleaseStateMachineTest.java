package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;

class ReleaseStateMachineTest {

    @Test
    void onlyARunningReleaseIsAborted() {
        assertThat(ReleaseStateMachine.canAbort(ReleaseStatus.RUNNING)).isTrue();
        assertThat(ReleaseStateMachine.canAbort(ReleaseStatus.COMPLETED)).isFalse();
        assertThat(ReleaseStateMachine.canAbort(ReleaseStatus.ROLLED_BACK)).isFalse();
    }

    @Test
    void aCompletedReleaseCanStillBeRolledBack() {
        assertThat(ReleaseStateMachine.canRollBack(ReleaseStatus.RUNNING)).isTrue();
        assertThat(ReleaseStateMachine.canRollBack(ReleaseStatus.COMPLETED)).isTrue();
        assertThat(ReleaseStateMachine.canRollBack(ReleaseStatus.ABORTED)).isFalse();
        assertThat(ReleaseStateMachine.canRollBack(ReleaseStatus.ROLLED_BACK)).isFalse();
    }

    @Test
    void theChecklistIsFrozenWhileSignOffIsUnderWay() {
        assertThat(ReleaseStateMachine.canChangeChecklist(ReleaseStatus.RUNNING, StageStatus.ACTIVE)).isTrue();
        assertThat(ReleaseStateMachine.canChangeChecklist(ReleaseStatus.RUNNING, StageStatus.AWAITING_APPROVAL))
                .isFalse();
        assertThat(ReleaseStateMachine.canChangeChecklist(ReleaseStatus.ABORTED, StageStatus.ACTIVE)).isFalse();
    }

    @Test
    void movesOnOnlyFromAnApprovedStageWithASuccessor() {
        assertThat(ReleaseStateMachine.canAdvance(ReleaseStatus.RUNNING, StageStatus.APPROVED, true)).isTrue();
        assertThat(ReleaseStateMachine.canAdvance(ReleaseStatus.RUNNING, StageStatus.ACTIVE, true)).isFalse();
        assertThat(ReleaseStateMachine.canAdvance(ReleaseStatus.RUNNING, StageStatus.APPROVED, false)).isFalse();
    }

    @Test
    void aRetrospectiveNeedsAnEndedRelease() {
        assertThat(ReleaseStateMachine.hasEnded(ReleaseStatus.RUNNING)).isFalse();
        assertThat(ReleaseStateMachine.hasEnded(ReleaseStatus.COMPLETED)).isTrue();
    }
}
