package dev.gantry.project.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;
import dev.gantry.project.templates.TemplateDefinition.Approver;
import dev.gantry.project.templates.TemplateDefinition.ChecklistItem;
import dev.gantry.project.templates.TemplateDefinition.Stage;

class TemplateValidatorTest {

    static final Set<String> DUTIES = Set.of("QA", "OPS");
    static final ApprovalRule QA = new ApprovalRule("ANY_OF", List.of(Approver.ofDuty("QA")), false);

    static Stage stage(String key, List<String> after) {
        return new Stage(key, "Stage " + key, "MANAGER", after, null, 1, List.of(), QA);
    }

    @Test
    void acceptsTheBuiltInTemplates() {
        Set<String> builtInDuties = Set.of("QA", "OPS", "PRODUCT", "DBA");
        for (BuiltInTemplates.BuiltIn builtIn : BuiltInTemplates.ALL) {
            assertThat(TemplateValidator.validate(builtIn.definition(), builtInDuties)).as(builtIn.id()).isEmpty();
        }
        assertThat(TemplateValidator.order(BuiltInTemplates.STANDARD_RELEASE.definition()))
                .containsExactly("dev", "uat", "gray", "full");
    }

    @Test
    void refusesATemplateWithoutStages() {
        assertThat(TemplateValidator.validate(new TemplateDefinition(List.of()), DUTIES))
                .extracting(FieldError::field).containsExactly("stages");
    }

    @Test
    void findsACycleInTheStageOrderAndNamesIt() {
        TemplateDefinition cyclic = new TemplateDefinition(List.of(stage("a", List.of("c")), stage("b", List.of("a")),
                stage("c", List.of("b"))));

        List<FieldError> errors = TemplateValidator.validate(cyclic, DUTIES);

        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().message()).contains("cycle").contains("a → c → b → a");
    }

    @Test
    void refusesAStageAfterItselfOrAnUnknownStage() {
        TemplateDefinition bad = new TemplateDefinition(List.of(stage("a", List.of("a")), stage("b", List.of("zz"))));

        assertThat(TemplateValidator.validate(bad, DUTIES)).extracting(FieldError::message)
                .containsExactly("a stage cannot come after itself", "unknown stage zz");
    }

    @Test
    void ordersStagesByWhatTheyComeAfter() {
        TemplateDefinition reordered = new TemplateDefinition(List.of(stage("b", List.of("a")), stage("a", List.of()),
                stage("c", null)));

        assertThat(TemplateValidator.validate(reordered, DUTIES)).isEmpty();
        assertThat(TemplateValidator.order(reordered)).containsExactly("a", "b", "c");
    }

    @Test
    void refusesAStageNobodyCanApprove() {
        Stage empty = new Stage("a", "A", "MANAGER", null, null, 1, List.of(),
                new ApprovalRule("ALL_OF", List.of(), false));
        Stage noRule = new Stage("b", "B", "MANAGER", null, null, 1, List.of(), null);

        assertThat(TemplateValidator.validate(new TemplateDefinition(List.of(empty, noRule)), DUTIES))
                .extracting(FieldError::field).containsExactly("stages[0].approval.approvers", "stages[1].approval");
    }

    @Test
    void namesEveryUnknownRoleDutyAndKind() {
        Stage stage = new Stage("a", "A", "BOSS", null, List.of("MOON_PHASE"), 1,
                List.of(new ChecklistItem("x", true, "PHOTO", null),
                        new ChecklistItem("y", true, "SIGN_OFF", Approver.ofDuty("LEGAL"))),
                new ApprovalRule("SOME_OF", List.of(Approver.ofRole("CEO"), Approver.ofDuty("FINANCE"),
                        new Approver("MANAGER", "QA", null)), false));

        List<FieldError> errors = TemplateValidator.validate(new TemplateDefinition(List.of(stage)), DUTIES);

        assertThat(errors).extracting(FieldError::field).containsExactly("stages[0].ownerRole",
                "stages[0].preconditions", "stages[0].checklist[0].evidence", "stages[0].checklist[1].signOffBy.duty",
                "stages[0].approval.mode", "stages[0].approval.approvers[0].role",
                "stages[0].approval.approvers[1].duty", "stages[0].approval.approvers[2]");
        assertThat(errors.getFirst().message()).contains("unknown role BOSS");
        assertThat(errors.get(6).message()).contains("unknown duty FINANCE");
    }

    @Test
    void refusesDuplicateKeys() {
        TemplateDefinition duplicate = new TemplateDefinition(List.of(stage("a", null), stage("a", null)));

        assertThat(TemplateValidator.validate(duplicate, DUTIES)).extracting(FieldError::message)
                .containsExactly("duplicate stage key a");
    }
}
