package dev.gantry.task.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gantry.events.tasks.StatusCategory;

class WorkflowTest {

    private final Workflow workflow = Workflow.defaults();

    @Test
    void theDefaultWorkflowAllowsItsTransitionsOnly() {
        assertThat(workflow.initial().status()).isEqualTo("TODO");
        assertThat(workflow.allows("TODO", "IN_PROGRESS")).isTrue();
        assertThat(workflow.allows("TODO", "DONE")).isFalse();
        assertThat(workflow.allows("DONE", "DONE")).isTrue();
        assertThat(workflow.allowedFrom("IN_PROGRESS")).containsExactly("TODO", "IN_REVIEW");
        assertThat(workflow.problems()).isEmpty();
    }

    @Test
    void aDefinitionWithUnknownOrDuplicateStatusesOrNoDoneIsRefused() {
        Workflow broken = new Workflow(List.of(
                new Workflow.Status("OPEN", "Open", StatusCategory.TODO, null, Workflow.WipPolicy.WARN),
                new Workflow.Status("OPEN", "Again", StatusCategory.IN_PROGRESS, null, Workflow.WipPolicy.WARN)),
                Set.of(new Workflow.Transition("OPEN", "GONE"), new Workflow.Transition("OPEN", "OPEN")), 1);
        assertThat(broken.problems()).containsExactlyInAnyOrder("status OPEN appears twice",
                "transition OPEN → GONE names an unknown status", "transition OPEN → OPEN goes nowhere",
                "a workflow needs a status in category DONE");
    }
}
