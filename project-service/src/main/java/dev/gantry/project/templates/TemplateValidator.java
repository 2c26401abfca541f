package dev.gantry.project.templates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.events.projects.ProjectRole;

/**
 * Checks a template definition and tells everything wrong with it at once: no stages, stages with nothing to approve
 * them, unknown roles, duties, preconditions or evidence kinds, duplicate or unknown stage keys, and cycles in the
 * stage order. Plain Java, unit-tested without Spring.
 */
public final class TemplateValidator {

    public static final int MAX_STAGES = 20;
    public static final int MAX_CHECKLIST = 200;
    public static final int MAX_APPROVERS = 10;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private TemplateValidator() {
    }

    /** Every problem of {@code definition}; empty when it is valid. */
    public static List<FieldError> validate(TemplateDefinition definition, Set<String> knownDuties) {
        List<FieldError> errors = new ArrayList<>();
        if (definition == null || definition.stages() == null || definition.stages().isEmpty()) {
            errors.add(new FieldError("stages", "a template needs at least one stage"));
            return errors;
        }
        if (definition.stages().size() > MAX_STAGES) {
            errors.add(new FieldError("stages", "a template has at most " + MAX_STAGES + " stages"));
            return errors;
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < definition.stages().size(); i++) {
            TemplateDefinition.Stage stage = definition.stages().get(i);
            String at = "stages[" + i + "]";
            if (stage.key() == null || !KEY.matcher(stage.key()).matches()) {
                errors.add(new FieldError(at + ".key", "must be 1 to 40 lower-case letters, digits or dashes, "
                        + "starting with a letter"));
            } else if (positions.putIfAbsent(stage.key(), i) != null) {
                errors.add(new FieldError(at + ".key", "duplicate stage key " + stage.key()));
            }
            if (stage.name() == null || stage.name().isBlank()) {
                errors.add(new FieldError(at + ".name", "must not be blank"));
            }
            if (stage.ownerRole() == null || !isRole(stage.ownerRole())) {
                errors.add(new FieldError(at + ".ownerRole", "unknown role " + stage.ownerRole() + "; roles are "
                        + Arrays.toString(ProjectRole.values())));
            }
            if (stage.plannedDays() != null && (stage.plannedDays() < 0 || stage.plannedDays() > 365)) {
                errors.add(new FieldError(at + ".plannedDays", "must be between 0 and 365"));
            }
            if (stage.preconditions() != null) {
                for (String p : stage.preconditions()) {
                    if (!isPrecondition(p)) {
                        errors.add(new FieldError(at + ".preconditions", "unknown precondition " + p + "; known are "
                                + Arrays.toString(Precondition.values())));
                    }
                }
            }
            checkChecklist(stage, at, knownDuties, errors);
            checkApproval(stage.approval(), at + ".approval", knownDuties, errors);
        }
        checkOrder(definition, positions, errors);
        return errors;
    }

    /**
     * The stage keys in the order a release goes through them: the list order, except that a stage never comes
     * before one it is {@code after}. Call only for a valid definition.
     */
    public static List<String> order(TemplateDefinition definition) {
        Map<String, List<String>> after = afterOf(definition);
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < definition.stages().size()) {
            for (TemplateDefinition.Stage stage : definition.stages()) {
                if (!placed.contains(stage.key()) && placed.containsAll(after.get(stage.key()))) {
                    ordered.add(stage.key());
                    placed.add(stage.key());
                    break;
                }
            }
        }
        return ordered;
    }

    /** What each stage comes after: the given keys, or the stage before it in the list. */
    public static Map<String, List<String>> afterOf(TemplateDefinition definition) {
        Map<String, List<String>> after = new LinkedHashMap<>();
        List<TemplateDefinition.Stage> stages = definition.stages();
        for (int i = 0; i < stages.size(); i++) {
            TemplateDefinition.Stage stage = stages.get(i);
            after.put(stage.key(), stage.after() != null ? stage.after()
                    : i == 0 ? List.of() : List.of(stages.get(i - 1).key()));
        }
        return after;
    }

    private static void checkChecklist(TemplateDefinition.Stage stage, String at, Set<String> knownDuties,
            List<FieldError> errors) {
        for (int j = 0; j < stage.checklist().size(); j++) {
            TemplateDefinition.ChecklistItem item = stage.checklist().get(j);
            String itemAt = at + ".checklist[" + j + "]";
            if (item.title() == null || item.title().isBlank()) {
                errors.add(new FieldError(itemAt + ".title", "must not be blank"));
            }
            String evidence = item.evidence() == null ? "NONE" : item.evidence();
            if (!isEvidence(evidence)) {
                errors.add(new FieldError(itemAt + ".evidence", "unknown evidence " + evidence + "; known are "
                        + Arrays.toString(Evidence.values())));
            } else if (Evidence.valueOf(evidence) == Evidence.SIGN_OFF) {
                if (item.signOffBy() == null) {
                    errors.add(new FieldError(itemAt + ".signOffBy", "a SIGN_OFF item names who signs it off"));
                } else {
                    checkApprover(item.signOffBy(), itemAt + ".signOffBy", knownDuties, errors);
                }
            } else if (item.signOffBy() != null) {
                errors.add(new FieldError(itemAt + ".signOffBy", "only SIGN_OFF items name who signs them off"));
            }
        }
    }

    private static void checkApproval(TemplateDefinition.ApprovalRule rule, String at, Set<String> knownDuties,
            List<FieldError> errors) {
        if (rule == null) {
            errors.add(new FieldError(at, "every stage needs an approval rule"));
            return;
        }
        if (rule.mode() == null || !List.of("ALL_OF", "ANY_OF").contains(rule.mode())) {
            errors.add(new FieldError(at + ".mode", "must be ALL_OF or ANY_OF"));
        }
        if (rule.approvers().isEmpty()) {
            errors.add(new FieldError(at + ".approvers", "an empty stage: nobody could approve it; name at least one "
                    + "approver"));
        }
        for (int k = 0; k < rule.approvers().size(); k++) {
            checkApprover(rule.approvers().get(k), at + ".approvers[" + k + "]", knownDuties, errors);
        }
    }

    private static void checkApprover(TemplateDefinition.Approver approver, String at, Set<String> knownDuties,
            List<FieldError> errors) {
        int set = (approver.role() != null ? 1 : 0) + (approver.duty() != null ? 1 : 0)
                + (approver.userId() != null ? 1 : 0);
        if (set != 1) {
            errors.add(new FieldError(at, "name exactly one of role, duty or userId"));
            return;
        }
        if (approver.role() != null && !isRole(approver.role())) {
            errors.add(new FieldError(at + ".role", "unknown role " + approver.role() + "; roles are "
                    + Arrays.toString(ProjectRole.values())));
        }
        if (approver.duty() != null && !knownDuties.contains(approver.duty())) {
            errors.add(new FieldError(at + ".duty", "unknown duty " + approver.duty() + "; this organisation's duties "
                    + "are " + knownDuties));
        }
    }

    private static void checkOrder(TemplateDefinition definition, Map<String, Integer> positions,
            List<FieldError> errors) {
        Map<String, List<String>> after = new LinkedHashMap<>();
        for (int i = 0; i < definition.stages().size(); i++) {
            TemplateDefinition.Stage stage = definition.stages().get(i);
            if (stage.key() == null || stage.after() == null) {
                continue;
            }
            for (String before : stage.after()) {
                if (before.equals(stage.key())) {
                    errors.add(new FieldError("stages[" + i + "].after", "a stage cannot come after itself"));
                } else if (!positions.containsKey(before)) {
                    errors.add(new FieldError("stages[" + i + "].after", "unknown stage " + before));
                }
            }
        }
        if (!errors.isEmpty()) {
            return;
        }
        afterOf(definition).forEach(after::put);
        // depth-first search; a stage met again while still on the path closes a cycle
        Map<String, Integer> state = new HashMap<>();
        for (String key : after.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = findCycle(key, after, state, path);
            if (cycle != null) {
                int index = positions.get(cycle.getFirst());
                errors.add(new FieldError("stages[" + index + "].after", "the stage order has a cycle: "
                        + String.join(" → ", cycle)));
                return;
            }
        }
    }

    private static List<String> findCycle(String key, Map<String, List<String>> after, Map<String, Integer> state,
            List<String> path) {
        Integer seen = state.get(key);
        if (seen != null && seen == 2) {
            return null;
        }
        if (seen != null && seen == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(key), path.size()));
            cycle.add(key);
            return cycle;
        }
        state.put(key, 1);
        path.add(key);
        for (String before : after.getOrDefault(key, List.of())) {
            List<String> cycle = findCycle(before, after, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        state.put(key, 2);
        return null;
    }

    private static boolean isRole(String role) {
        return Arrays.stream(ProjectRole.values()).anyMatch(r -> r.name().equals(role));
    }

    private static boolean isPrecondition(String p) {
        return Arrays.stream(Precondition.values()).anyMatch(v -> v.name().equals(p));
    }

    private static boolean isEvidence(String e) {
        return Arrays.stream(Evidence.values()).anyMatch(v -> v.name().equals(e));
    }
}
