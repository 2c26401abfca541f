package dev.gantry.project.release;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;

/**
 * Who may decide on a stage's sign-off, as plain rules: only while it awaits approval, only the approvers designated
 * when sign-off was requested, once per request, and never the requester when the rule forbids self-approval.
 */
public final class DecisionRules {

    private DecisionRules() {
    }

    /** Why a decision is refused. */
    public enum Refusal {
        NOT_AWAITING_APPROVAL, NOT_AN_APPROVER, SELF_APPROVAL, ALREADY_DECIDED
    }

    public static Optional<Refusal> check(StageStatus stageStatus, ApprovalRule rule, UUID requestedBy,
            Collection<UUID> designated, Collection<UUID> alreadyDecided, UUID decider) {
        if (stageStatus != StageStatus.AWAITING_APPROVAL) {
            return Optional.of(Refusal.NOT_AWAITING_APPROVAL);
        }
        if (decider.equals(requestedBy) && !rule.allowSelfApproval()) {
            return Optional.of(Refusal.SELF_APPROVAL);
        }
        if (!designated.contains(decider)) {
            return Optional.of(Refusal.NOT_AN_APPROVER);
        }
        if (alreadyDecided.contains(decider)) {
            return Optional.of(Refusal.ALREADY_DECIDED);
        }
        return Optional.empty();
    }
}
