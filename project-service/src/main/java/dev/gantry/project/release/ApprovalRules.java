package dev.gantry.project.release;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;
import dev.gantry.project.templates.TemplateDefinition.Approver;

/**
 * Whether a stage's approval rule is satisfied. ALL_OF needs every approver of the rule covered by a different person
 * (QA and OPS signing off is two people, even if one person holds both duties): a maximum matching between the rule's
 * approvers and the people who approved. ANY_OF needs one matching approval. Plain Java.
 */
public final class ApprovalRules {

    private ApprovalRules() {
    }

    /** The outcome: satisfied, or which of the rule's approvers are still missing. */
    public record Evaluation(boolean satisfied, List<Approver> missing) {
    }

    public static boolean matches(Approver approver, Qualification who) {
        if (approver.userId() != null) {
            return approver.userId().equals(who.userId());
        }
        if (approver.role() != null) {
            return who.role() != null && who.role() == ProjectRole.valueOf(approver.role());
        }
        return approver.duty() != null && who.duties().contains(approver.duty());
    }

    /** Whether {@code who} is among the people the rule designates at all. */
    public static boolean designates(ApprovalRule rule, Qualification who) {
        return rule.approvers().stream().anyMatch(a -> matches(a, who));
    }

    public static Evaluation evaluate(ApprovalRule rule, Collection<Qualification> approvedBy) {
        List<Qualification> people = List.copyOf(approvedBy);
        if ("ANY_OF".equals(rule.mode())) {
            boolean any = people.stream().anyMatch(p -> designates(rule, p));
            return new Evaluation(any, any ? List.of() : rule.approvers());
        }
        int[] assignedTo = assign(rule.approvers(), people);
        List<Approver> missing = new ArrayList<>();
        for (int i = 0; i < assignedTo.length; i++) {
            if (assignedTo[i] < 0) {
                missing.add(rule.approvers().get(i));
            }
        }
        return new Evaluation(missing.isEmpty(), missing);
    }

    /**
     * Maximum bipartite matching (augmenting paths; rules have at most ten approvers): for each approver of the rule
     * the index of the person covering it, or -1.
     */
    private static int[] assign(List<Approver> approvers, List<Qualification> people) {
        int[] personOf = new int[approvers.size()];
        int[] approverOf = new int[people.size()];
        Arrays.fill(personOf, -1);
        Arrays.fill(approverOf, -1);
        for (int a = 0; a < approvers.size(); a++) {
            augment(a, approvers, people, personOf, approverOf, new boolean[people.size()]);
        }
        return personOf;
    }

    private static boolean augment(int a, List<Approver> approvers, List<Qualification> people, int[] personOf,
            int[] approverOf, boolean[] visited) {
        for (int p = 0; p < people.size(); p++) {
            if (visited[p] || !matches(approvers.get(a), people.get(p))) {
                continue;
            }
            visited[p] = true;
            if (approverOf[p] < 0 || augment(approverOf[p], approvers, people, personOf, approverOf, visited)) {
                personOf[a] = p;
                approverOf[p] = a;
                return true;
            }
        }
        return false;
    }
}
