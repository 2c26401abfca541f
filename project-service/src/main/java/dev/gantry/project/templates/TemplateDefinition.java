package dev.gantry.project.templates;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a process template version defines: its stages in order. Roles, duties, preconditions and kinds are plain
 * strings here so that {@link TemplateValidator} can name every unknown one in its answer instead of the JSON parser
 * failing on the first.
 */
public record TemplateDefinition(@NotNull @Size(max = TemplateValidator.MAX_STAGES) List<@NotNull @Valid Stage> stages) {

    public TemplateDefinition {
        stages = stages == null ? null : List.copyOf(stages);
    }

    /**
     * One stage (阶段).
     *
     * @param key           unique in the template, e.g. {@code uat}
     * @param after         keys of the stages that must be approved before this one is entered; absent: the stage
     *                      before it in the list
     * @param preconditions of {@link Precondition}; absent: the defaults of {@link Precondition#DEFAULTS}
     * @param plannedDays   planned duration, for the retrospective's planned-vs-actual
     */
    public record Stage(@Size(max = 40) String key, @Size(max = 200) String name, @Size(max = 20) String ownerRole,
            @Size(max = TemplateValidator.MAX_STAGES) List<@Size(max = 40) String> after,
            @Size(max = 5) List<@Size(max = 40) String> preconditions,
            Integer plannedDays,
            @Size(max = TemplateValidator.MAX_CHECKLIST) List<@NotNull @Valid ChecklistItem> checklist,
            @Valid ApprovalRule approval) {

        public Stage {
            after = after == null ? null : List.copyOf(after);
            preconditions = preconditions == null ? null : List.copyOf(preconditions);
            checklist = checklist == null ? List.of() : List.copyOf(checklist);
        }

        /** The preconditions in force: the given ones, or the defaults. */
        public List<Precondition> effectivePreconditions(int position) {
            if (preconditions == null) {
                return Precondition.DEFAULTS.stream()
                        .filter(p -> position > 0 || p != Precondition.PREVIOUS_STAGE_APPROVED).toList();
            }
            return preconditions.stream().map(Precondition::valueOf).toList();
        }

        public int plannedDaysOrDefault() {
            return plannedDays == null ? 1 : plannedDays;
        }
    }

    /**
     * A gate item (检查项) of a stage.
     *
     * @param mandatory whether the stage's gate waits for it (absent: optional)
     * @param evidence  {@code NONE}, {@code NOTE}, {@code ATTACHMENT} or {@code SIGN_OFF} (then {@code signOffBy}
     *                  says who may tick it)
     */
    public record ChecklistItem(@Size(max = 300) String title, Boolean mandatory, @Size(max = 20) String evidence,
            @Valid Approver signOffBy) {

        /** Absent means optional. */
        public ChecklistItem {
            mandatory = mandatory != null && mandatory;
        }
    }

    /**
     * Who must approve a stage: {@code ALL_OF} the approvers (each by a different person: dual sign-off) or
     * {@code ANY_OF} them; the one who requested sign-off may approve only when {@code allowSelfApproval}.
     */
    public record ApprovalRule(@Size(max = 10) String mode,
            @Size(max = TemplateValidator.MAX_APPROVERS) List<@NotNull @Valid Approver> approvers,
            Boolean allowSelfApproval) {

        /** Absent means self-approval is not allowed. */
        public ApprovalRule {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
            allowSelfApproval = allowSelfApproval != null && allowSelfApproval;
        }
    }

    /** Exactly one of: a project role, a duty, a named user. */
    public record Approver(@Size(max = 20) String role, @Size(max = 30) String duty, UUID userId) {

        public static Approver ofRole(String role) {
            return new Approver(role, null, null);
        }

        public static Approver ofDuty(String duty) {
            return new Approver(null, duty, null);
        }

        public static Approver ofUser(UUID userId) {
            return new Approver(null, null, userId);
        }

        @Override
        public String toString() {
            return role != null ? "role " + role : duty != null ? "duty " + duty : "user " + userId;
        }
    }
}
