package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.release.DecisionRules.Refusal;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;
import dev.gantry.project.templates.TemplateDefinition.Approver;

class DecisionRulesTest {

    final UUID requester = UUID.randomUUID();
    final UUID approver = UUID.randomUUID();
    final ApprovalRule noSelf = new ApprovalRule("ANY_OF", List.of(Approver.ofRole("MANAGER")), false);
    final ApprovalRule selfAllowed = new ApprovalRule("ANY_OF", List.of(Approver.ofRole("MANAGER")), true);

    @Test
    void aDesignatedApproverDecides() {
        assertThat(DecisionRules.check(StageStatus.AWAITING_APPROVAL, noSelf, requester, List.of(approver), List.of(),
                approver)).isEmpty();
    }

    @Test
    void rejectsApprovalByTheRequesterWhenTheRuleForbidsIt() {
        assertThat(DecisionRules.check(StageStatus.AWAITING_APPROVAL, noSelf, requester,
                List.of(approver, requester), List.of(), requester)).contains(Refusal.SELF_APPROVAL);
        assertThat(DecisionRules.check(StageStatus.AWAITING_APPROVAL, selfAllowed, requester,
                List.of(approver, requester), List.of(), requester)).isEmpty();
    }

    @Test
    void rejectsSomeoneWhoIsNotDesignated() {
        assertThat(DecisionRules.check(StageStatus.AWAITING_APPROVAL, noSelf, requester, List.of(approver), List.of(),
                UUID.randomUUID())).contains(Refusal.NOT_AN_APPROVER);
    }

    @Test
    void decidesOncePerRequest() {
        assertThat(DecisionRules.check(StageStatus.AWAITING_APPROVAL, noSelf, requester, List.of(approver),
                List.of(approver), approver)).contains(Refusal.ALREADY_DECIDED);
    }

    @Test
    void decidesOnlyWhileTheStageAwaitsApproval() {
        for (StageStatus status : List.of(StageStatus.PENDING, StageStatus.ACTIVE, StageStatus.APPROVED)) {
            assertThat(DecisionRules.check(status, noSelf, requester, List.of(approver), List.of(), approver))
                    .contains(Refusal.NOT_AWAITING_APPROVAL);
        }
    }
}
