package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gantry.project.release.StagePreconditions.StageFact;
import dev.gantry.project.release.StagePreconditions.Unmet;
import dev.gantry.project.templates.Precondition;

class StagePreconditionsTest {

    @Test
    void entersOnlyAfterThePreviousStagesAreApproved() {
        List<Unmet> unmet = StagePreconditions.forEntering(Precondition.DEFAULTS,
                List.of(new StageFact("开发 Dev", true), new StageFact("UAT 测试", false)));

        assertThat(unmet).containsExactly(new Unmet(Precondition.PREVIOUS_STAGE_APPROVED, "not approved yet: UAT 测试"));
        assertThat(StagePreconditions.forEntering(Precondition.DEFAULTS, List.of(new StageFact("Dev", true)))).isEmpty();
    }

    @Test
    void aStageWithoutTheConditionMayStartEarly() {
        assertThat(StagePreconditions.forEntering(List.of(), List.of(new StageFact("Dev", false)))).isEmpty();
    }

    @Test
    void listsExactlyWhichSignOffConditionsAreUnmet() {
        List<Unmet> unmet = StagePreconditions.forSignOff(Precondition.DEFAULTS, List.of("PAY-12", "PAY-13"),
                List.of("Release notes"));

        assertThat(unmet).extracting(Unmet::condition).containsExactly(Precondition.LINKED_TASKS_DONE,
                Precondition.MANDATORY_CHECKLIST_COMPLETE);
        assertThat(unmet.get(0).detail()).isEqualTo("2 linked tasks are not done: PAY-12, PAY-13");
        assertThat(unmet.get(1).detail()).isEqualTo("1 mandatory checklist item is not complete: Release notes");
    }

    @Test
    void ignoresConditionsTheStageDoesNotRequire() {
        assertThat(StagePreconditions.forSignOff(List.of(Precondition.MANDATORY_CHECKLIST_COMPLETE), List.of("PAY-1"),
                List.of())).isEmpty();
    }
}
