package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;
import dev.gantry.project.templates.TemplateDefinition.Approver;

class ApprovalRulesTest {

    static final ApprovalRule DUAL = new ApprovalRule("ALL_OF", List.of(Approver.ofDuty("QA"), Approver.ofDuty("OPS")),
            false);

    static Qualification person(ProjectRole role, String... duties) {
        return new Qualification(UUID.randomUUID(), role, Set.of(duties));
    }

    @Test
    void dualSignOffNeedsBothDuties() {
        Qualification qa = person(ProjectRole.MEMBER, "QA");
        Qualification ops = person(ProjectRole.MEMBER, "OPS");

        assertThat(ApprovalRules.evaluate(DUAL, List.of(qa)).satisfied()).isFalse();
        assertThat(ApprovalRules.evaluate(DUAL, List.of(qa)).missing()).containsExactly(Approver.ofDuty("OPS"));
        assertThat(ApprovalRules.evaluate(DUAL, List.of(qa, ops)).satisfied()).isTrue();
    }

    @Test
    void onePersonHoldingBothDutiesIsNotADualSignOff() {
        Qualification both = person(ProjectRole.MEMBER, "QA", "OPS");

        assertThat(ApprovalRules.evaluate(DUAL, List.of(both)).satisfied()).isFalse();
    }

    @Test
    void matchesPeopleToApproversSoThatEveryoneCounts() {
        // greedy would give the QA+OPS person to QA and leave OPS uncovered
        Qualification both = person(ProjectRole.MEMBER, "QA", "OPS");
        Qualification qa = person(ProjectRole.MEMBER, "QA");

        assertThat(ApprovalRules.evaluate(DUAL, List.of(both, qa)).satisfied()).isTrue();
    }

    @Test
    void anyOfNeedsOneMatchingApproval() {
        ApprovalRule anyOf = new ApprovalRule("ANY_OF", List.of(Approver.ofRole("MANAGER"), Approver.ofDuty("QA")),
                false);

        assertThat(ApprovalRules.evaluate(anyOf, List.of(person(ProjectRole.MEMBER, "OPS"))).satisfied()).isFalse();
        assertThat(ApprovalRules.evaluate(anyOf, List.of(person(ProjectRole.MANAGER))).satisfied()).isTrue();
    }

    @Test
    void namedUsersMatchByIdOnly() {
        UUID cto = UUID.randomUUID();
        ApprovalRule named = new ApprovalRule("ALL_OF", List.of(Approver.ofUser(cto)), false);

        assertThat(ApprovalRules.evaluate(named, List.of(person(ProjectRole.MANAGER))).satisfied()).isFalse();
        assertThat(ApprovalRules.evaluate(named, List.of(Qualification.outsider(cto))).satisfied()).isTrue();
    }

    @Test
    void someoneWhoLeftTheProjectNoLongerCountsByRole() {
        ApprovalRule managers = new ApprovalRule("ANY_OF", List.of(Approver.ofRole("MANAGER")), false);

        assertThat(ApprovalRules.designates(managers, Qualification.outsider(UUID.randomUUID()))).isFalse();
    }
}
